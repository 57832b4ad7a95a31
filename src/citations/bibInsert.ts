// Appending a paper's entry to a .bib file without disturbing it. The paper is found by its
// arXiv id in any entry (eprint, arXiv DOI or arxiv.org URL, any version). Other entries are
// never rewritten, and a file with syntax errors is left alone.
import { parseArxivReference } from '../papers/arxivId';
import type { Paper } from '../papers/model';
import { parseBibTeX } from './bibParser';
import { toBibLaTeX } from './biblatex';
import { stripVersion, toBibTeX } from './bibtex';
import { citeKeyFromPattern, uniqueCiteKey } from './citeKey';

/** One entry as the tolerant .bib parser (`parseBibTeX` in bibParser.ts) returns it. */
export interface ParsedBibEntry {
  type: string;
  key: string;
  fields: Record<string, string>;
  range: { start: number; end: number };
  keyRange: { start: number; end: number };
}

export interface ParsedBibFile {
  entries: ParsedBibEntry[];
  errors: Array<{ message: string; start: number; end: number }>;
}

export type BibEntryFormat = 'bibtex' | 'biblatex';

export type BibInsertPlan =
  /** The paper already has an entry; cite it under its existing key. */
  | { kind: 'present'; citeKey: string }
  /** Insert `text` at `offset` (the end of the file). */
  | { kind: 'append'; citeKey: string; offset: number; text: string; entry: string }
  /** The file has a syntax error at `line` (1-based) and must not be changed. */
  | { kind: 'invalid'; citeKey: string; line: number; message: string; entry: string };

export interface BibInsertOptions {
  format: BibEntryFormat;
  citeKeyPattern?: string;
}

// Fields where an entry may name its arXiv paper. `journal` and `note` catch the
// `arXiv preprint arXiv:2502.18858` form Google Scholar exports.
const ID_FIELDS = ['eprint', 'doi', 'url', 'howpublished', 'note', 'journal', 'archiveprefix'];

/**
 * Plans how to add `paper` to the .bib file `text`, already parsed into `parsed`. The new
 * entry's key comes from the pattern, with a letter suffix when another entry has it.
 */
export function planBibInsertion(text: string, parsed: ParsedBibFile, paper: Paper, options: BibInsertOptions): BibInsertPlan {
  const arxivId = stripVersion(paper.arxivId.trim());
  const existing = findArxivEntry(parsed, arxivId);
  if (existing) {
    return { kind: 'present', citeKey: existing.key };
  }

  const takenKeys = new Set(parsed.entries.map((entry) => entry.key));
  const citeKey = uniqueCiteKey(citeKeyFromPattern(paper, options.citeKeyPattern), takenKeys);
  const entry = options.format === 'biblatex' ? toBibLaTeX(paper, citeKey) : toBibTeX(paper, { citeKey });

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const entryText = entry.replace(/\n/g, eol);

  if (parsed.errors.length > 0) {
    const first = [...parsed.errors].sort((a, b) => a.start - b.start)[0];
    return { kind: 'invalid', citeKey, line: lineOf(text, first.start), message: first.message, entry };
  }

  return { kind: 'append', citeKey, offset: text.length, text: separatorBefore(text, eol) + entryText, entry };
}

/** Result of looking for a paper in all of a document's bibliography files. */
export type BibliographyLookup =
  /** The paper has an entry in `file` under `key`: cite that, and change no file. */
  | { existing: { file: string; key: string } }
  /** The paper is in none of `files`, so the user picks the one to add it to. */
  | { needsChoice: string[] };

/**
 * Looks for `arxivId` (any version) in every bibliography file, in the order given, the way
 * `planBibInsertion` matches it. Files whose text has syntax errors are still searched,
 * because the tolerant parser keeps the entries it can read.
 */
export function findInBibliographies(files: ReadonlyArray<{ file: string; text: string }>, arxivId: string): BibliographyLookup {
  for (const { file, text } of files) {
    const entry = findArxivEntry(parseBibTeX(text), arxivId);
    if (entry) {
      return { existing: { file, key: entry.key } };
    }
  }
  return { needsChoice: files.map(({ file }) => file) };
}

/** Finds the entry that cites `arxivId` in any version, by eprint, arXiv DOI or URL. */
export function findArxivEntry(parsed: ParsedBibFile, arxivId: string): ParsedBibEntry | undefined {
  const targetId = stripVersion(arxivId.trim()).toLowerCase();
  return parsed.entries.find((entry) => entryArxivIds(entry).includes(targetId));
}

/** Collects the arXiv ids (lower case, without version) that `entry` names in its fields. */
export function entryArxivIds(entry: ParsedBibEntry): string[] {
  const ids: string[] = [];
  for (const [name, rawValue] of Object.entries(entry.fields)) {
    if (!ID_FIELDS.includes(name.toLowerCase())) {
      continue;
    }
    for (const candidate of referenceCandidates(rawValue)) {
      const reference = parseArxivReference(candidate);
      if (reference) {
        ids.push(reference.id.toLowerCase());
      }
    }
  }
  return ids;
}

/** Splits a field value into the tokens that may be an id, a DOI or a URL. */
function referenceCandidates(rawValue: string): string[] {
  const value = rawValue.replace(/[{}]/g, '').replace(/\\_/g, '_').trim();
  const tokens = value.split(/[\s,;]+/).filter((token) => token.length > 0);
  return [value, ...tokens.map((token) => token.replace(/[.)]+$/, ''))];
}

/** Enough line breaks after the file's last character to leave one blank line before the entry. */
function separatorBefore(text: string, eol: string): string {
  if (text.trim() === '') {
    return '';
  }
  const trailing = /(\r?\n)*$/.exec(text)?.[0] ?? '';
  const breaks = (trailing.match(/\n/g) ?? []).length;
  return eol.repeat(Math.max(0, 2 - breaks));
}

/** 1-based line of `offset` in `text`. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let index = 0; index < end; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
    }
  }
  return line;
}
