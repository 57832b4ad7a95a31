// Markdown for hovers. Every value from a paper or a .bib file is escaped, so a title cannot
// add links or commands. The only command link is the one built here for paperReader.openPaper.
import type { BibEntry } from '../citations/bibParser';
import { arxivAbsUrl, arxivPdfUrl, type ArxivReference } from '../papers/arxivId';
import type { Paper } from '../papers/model';
import type { LookupSource } from './paperLookup';

export const OPEN_PAPER_COMMAND = 'paperReader.openPaper';

/** Authors listed before "et al.". */
const MAX_AUTHORS = 5;
/** Characters of the abstract shown before it is cut at a word boundary. */
const ABSTRACT_CHARACTERS = 300;

export function paperHoverMarkdown(paper: Paper, reference: ArxivReference): string {
  const lines: string[] = [`**${escapeMarkdown(paper.title)}**`, ''];

  const facts: string[] = [];
  const authors = formatAuthors(paper.authors.map((author) => author.name));
  if (authors) {
    facts.push(escapeMarkdownLine(authors));
  }
  const date = paper.publishedAt?.slice(0, 10);
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) {
    facts.push(date);
  }
  // Papers known only from arXiv carry 0 upvotes, which means "unknown" rather than none.
  if (paper.upvotes > 0) {
    facts.push(`${paper.upvotes} upvote${paper.upvotes === 1 ? '' : 's'}`);
  }
  if (facts.length > 0) {
    lines.push(facts.join(' · '), '');
  }

  const abstract = shorten(paper.abstract.replace(/\s+/g, ' ').trim(), ABSTRACT_CHARACTERS);
  if (abstract) {
    lines.push(escapeMarkdownLine(abstract), '');
  }

  lines.push(paperLinks(reference.id, reference));
  return lines.join('\n');
}

export function lookingUpMarkdown(arxivId: string): string {
  return `Looking up arXiv:${escapeMarkdown(arxivId)}… hover again in a moment.\n\n${paperLinks(arxivId, { id: arxivId })}`;
}

export function notFoundMarkdown(arxivId: string): string {
  return `arXiv:${escapeMarkdown(arxivId)} was not found on Hugging Face or arXiv. Check the id.`;
}

/** Builds the hover for a failed look-up, naming the setting of each source whose request failed. */
export function lookupFailedMarkdown(arxivId: string, message: string, failedSources: readonly LookupSource[]): string {
  const settings = failedSources.map((source) => (source === 'arxiv' ? 'paperReader.arxivBaseUrl' : 'paperReader.baseUrl'));
  const settingText = settings.length > 1 ? `the ${settings.join(' and ')} settings` : `the ${settings[0] ?? 'paperReader.baseUrl'} setting`;
  return (
    `Could not look up arXiv:${escapeMarkdown(arxivId)}: ${escapeMarkdown(message)} ` +
    `Check the network and ${settingText}.\n\n${paperLinks(arxivId, { id: arxivId })}`
  );
}

/** Builds the hover for a .bib entry: title, authors, year and venue, then the key's file. */
export function bibEntryHoverMarkdown(entry: BibEntry, fileName: string, arxivId: string | undefined): string {
  const fields = entry.fields;
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(cleanTeX(fields.title ?? entry.key))}**`, '');

  const facts: string[] = [];
  const authors = fields.author ? formatAuthors(fields.author.split(/\s+and\s+/i).map(cleanTeX)) : '';
  if (authors) {
    facts.push(escapeMarkdownLine(authors));
  }
  if (fields.year) {
    facts.push(escapeMarkdown(cleanTeX(fields.year)));
  }
  const venue = fields.journal ?? fields.booktitle ?? fields.publisher;
  if (venue) {
    facts.push(`*${escapeMarkdown(cleanTeX(venue))}*`);
  }
  if (facts.length > 0) {
    lines.push(facts.join(' · '), '');
  }

  lines.push(`\`@${escapeCode(entry.type)}{${escapeCode(entry.key)}}\` in ${escapeMarkdown(fileName)}`);
  if (arxivId) {
    lines.push('', paperLinks(arxivId, { id: arxivId }));
  }
  return lines.join('\n');
}

/** Returns `[Open paper](command:…) · [arXiv](…) · [PDF](…)` for the id, with its version in the URLs. */
function paperLinks(arxivId: string, reference: ArxivReference): string {
  const argument = encodeURIComponent(JSON.stringify([arxivId]));
  return [
    `[Open paper](command:${OPEN_PAPER_COMMAND}?${argument})`,
    `[arXiv](${arxivAbsUrl(reference)})`,
    `[PDF](${arxivPdfUrl(reference)})`,
  ].join(' · ');
}

function formatAuthors(names: string[]): string {
  const cleaned = names.map((name) => name.replace(/\s+/g, ' ').trim()).filter((name) => name.length > 0);
  if (cleaned.length <= MAX_AUTHORS) {
    return cleaned.join(', ');
  }
  return `${cleaned.slice(0, MAX_AUTHORS).join(', ')} et al.`;
}

function shorten(text: string, limit: number): string {
  if (text.length <= limit) {
    return text;
  }
  const cut = text.slice(0, limit);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > limit / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** Drops the braces and the most common TeX escapes that .bib values carry. */
export function cleanTeX(value: string): string {
  return value
    .replace(/\\([&%$#_{}])/g, '$1')
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes the characters that start emphasis, code, links, HTML, tables or math, so untrusted text renders as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&$]/g, (character) => `\\${character}`);
}

/** Escapes like escapeMarkdown, and also a list or heading marker, for text that starts a line. */
function escapeMarkdownLine(text: string): string {
  return escapeMarkdown(text).replace(/^(\s*)(\d+)([.)])/, '$1$2\\$3').replace(/^(\s*)([#+-])/, '$1\\$2');
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}
