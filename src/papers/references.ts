// Finds arXiv references in free text: `arXiv:` prefixes, arxiv.org and Hugging Face URLs,
// arXiv DOIs and, when asked, bare new-style ids. Every candidate is checked with
// parseArxivReference, so an impossible month or a wrong digit count is never reported.
import { parseArxivReference } from './arxivId';

export type PaperReferenceForm =
  | 'arxivPrefix'
  | 'absUrl'
  | 'pdfUrl'
  | 'htmlUrl'
  | 'hfUrl'
  | 'doi'
  | 'bareId'
  | 'oldStyle';

export interface PaperReference {
  /** Offset of the first character of the reference (the URL, DOI or prefix included). */
  start: number;
  /** Offset just after the last character. */
  end: number;
  /** arXiv id without version, e.g. `2502.18858` or `hep-th/9901001`. */
  arxivId: string;
  version?: number;
  form: PaperReferenceForm;
}

export interface FindReferencesOptions {
  /** Also report ids with no prefix or URL, such as `2502.18858`. Off by default in the server. */
  allowBareIds: boolean;
}

// The id part of a reference: new-style `YYMM.NNNNN` or old-style `archive(.SC)/YYMMNNN`,
// each with an optional version. The right boundary rejects a following letter, digit,
// underscore or `.digit`, so `2502.188581` and `2502.18858.1` do not match.
const NEW_ID = String.raw`\d{4}\.\d{4,5}(?:v\d+)?`;
const OLD_ID = String.raw`[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?`;
const ID = `(${NEW_ID}|${OLD_ID})`;
const END = String.raw`(?![\w]|\.\d)`;

const ARXIV_URL = new RegExp(
  String.raw`(?<![\w.\-@])(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(abs|pdf|html)\/${ID}(\.pdf)?${END}`,
  'gi',
);
const HF_URL = new RegExp(String.raw`(?<![\w.\-@])(?:https?:\/\/)?(?:www\.)?huggingface\.co\/papers\/${ID}${END}`, 'gi');
const DOI = new RegExp(
  String.raw`(?<![\w.\-])(?:(?:https?:\/\/)?(?:dx\.|www\.)?doi\.org\/|doi:\s?)?10\.48550\/arxiv\.${ID}${END}`,
  'gi',
);
const PREFIX = new RegExp(String.raw`(?<![\w])arxiv:\s?${ID}${END}`, 'gi');

// A bare id must not continue a number, a version string, a path or an address on the left.
const BARE = new RegExp(String.raw`(?<![\w.,/\-+:$€£#@\\])(${NEW_ID})(?![\w]|\.\d|[/\-]\d)`, 'g');

const URL_FORMS: Record<string, PaperReferenceForm> = { abs: 'absUrl', pdf: 'pdfUrl', html: 'htmlUrl' };

/** Words that make the number after them a version or build number, as in `version 2401.12345`. */
const VERSION_WORD_BEFORE = /(?:\bversion|\bver\.?|\bv|\brelease|\brev(?:ision)?|\bbuild|\bpatch)\s*$/i;

/**
 * Finds arXiv references in `text`, sorted by offset and never overlapping. Old-style ids
 * count only after `arXiv:` or inside a URL or DOI. Bare ids need `allowBareIds`, and even
 * then a number is skipped when it continues other digits, dots or letters, follows a word
 * such as "version", sits in a table row, or reads as a date (`1012.2024`).
 */
export function findPaperReferences(text: string, options: FindReferencesOptions): PaperReference[] {
  const found: PaperReference[] = [];

  for (const match of text.matchAll(ARXIV_URL)) {
    addReference(found, match, match[2], URL_FORMS[match[1].toLowerCase()] ?? 'absUrl');
  }
  for (const match of text.matchAll(HF_URL)) {
    addReference(found, match, match[1], 'hfUrl');
  }
  for (const match of text.matchAll(DOI)) {
    addReference(found, match, match[1], 'doi');
  }
  for (const match of text.matchAll(PREFIX)) {
    const oldStyle = match[1].includes('/');
    addReference(found, match, match[1], oldStyle ? 'oldStyle' : 'arxivPrefix');
  }
  if (options.allowBareIds) {
    findBareIds(text, found);
  }

  return removeOverlaps(found);
}

function addReference(found: PaperReference[], match: RegExpMatchArray, idText: string, form: PaperReferenceForm): void {
  const parsed = parseArxivReference(idText);
  if (!parsed || match.index === undefined) {
    return;
  }
  found.push({ start: match.index, end: match.index + match[0].length, arxivId: parsed.id, version: parsed.version, form });
}

function findBareIds(text: string, found: PaperReference[]): void {
  // Table detection looks at whole lines; caching per line start keeps a long line linear.
  const tableLines = new Map<number, boolean>();

  for (const match of text.matchAll(BARE)) {
    const start = match.index ?? 0;
    const idText = match[1];

    const before = text.slice(Math.max(0, start - 12), start);
    if (VERSION_WORD_BEFORE.test(before) || looksLikeDate(idText)) {
      continue;
    }

    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    let inTable = tableLines.get(lineStart);
    if (inTable === undefined) {
      const lineEnd = text.indexOf('\n', start);
      inTable = isTableRow(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd));
      tableLines.set(lineStart, inTable);
    }
    if (inTable) {
      continue;
    }

    const parsed = parseArxivReference(idText);
    if (parsed) {
      found.push({ start, end: start + idText.length, arxivId: parsed.id, version: parsed.version, form: 'bareId' });
    }
  }
}

/**
 * Tells whether a line is a row of a Markdown table (`| a | b |`), a LaTeX tabular
 * (`a & b \\`) or tab-separated columns, where numbers such as `2502.18858` are far more
 * often measurements than arXiv ids.
 */
function isTableRow(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.startsWith('|') || (trimmed.match(/\|/g)?.length ?? 0) >= 2) {
    return true;
  }
  if (/&/.test(trimmed) && /\\\\\s*(\\hline\s*)?$/.test(trimmed)) {
    return true;
  }
  return /\t/.test(trimmed) && /\d\t|\t\d/.test(trimmed);
}

/**
 * Tells whether a four-digit id reads as a date: `DDMM.YYYY` or `MMDD.YYYY` with a year
 * from 1900 to 2099. Ids with four sequence digits ran only from 0704 to 1412, so few real
 * ids are lost, and those still match with an `arXiv:` prefix.
 */
function looksLikeDate(idText: string): boolean {
  const match = /^(\d{2})(\d{2})\.((?:19|20)\d{2})$/.exec(idText);
  if (!match) {
    return false;
  }
  const first = Number(match[1]);
  const second = Number(match[2]);
  const isDayMonth = first >= 1 && first <= 31 && second >= 1 && second <= 12;
  const isMonthDay = first >= 1 && first <= 12 && second >= 1 && second <= 31;
  return isDayMonth || isMonthDay;
}

/** Sorts by start and keeps the longest reference among those that overlap, the earlier one on ties. */
function removeOverlaps(found: PaperReference[]): PaperReference[] {
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const result: PaperReference[] = [];
  for (const reference of found) {
    const last = result[result.length - 1];
    if (last && reference.start < last.end) {
      if (reference.end - reference.start > last.end - last.start) {
        result[result.length - 1] = reference;
      }
      continue;
    }
    result.push(reference);
  }
  return result;
}

/** Returns the reference that contains `offset` (its end included, because a cursor right after a reference is still on it). */
export function referenceAt(references: readonly PaperReference[], offset: number): PaperReference | undefined {
  return references.find((reference) => offset >= reference.start && offset <= reference.end);
}
