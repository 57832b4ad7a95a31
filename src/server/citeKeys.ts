// Finds cite keys in documents: LaTeX `\cite`-family commands (natbib and biblatex names,
// optional `[...]` arguments, several keys) and Pandoc citations (`[@key]`, `@key`) in
// Markdown. Pure text functions, so they are tested without a server.
import { isInRanges } from './documentBibliography';

export interface CiteKeyOccurrence {
  key: string;
  start: number;
  end: number;
  /** `latex` for a key inside a cite command, `pandoc` for `@key`. */
  syntax: 'latex' | 'pandoc';
}

export interface CiteCompletionContext {
  syntax: 'latex' | 'pandoc';
  /** Offset where the key under the cursor starts; the completion replaces from here. */
  start: number;
  /** Offset where that key ends (at or after the cursor). */
  end: number;
  /** The part of the key before the cursor. */
  prefix: string;
}

// `\cite`, `\citep`, `\citet*`, `\autocite`, `\Parencite`, `\textcite`, `\nocite`, ...
// Quantifiers are bounded so that a long run of letters or spaces cannot make matching quadratic.
const CITE_COMMAND = String.raw`\\[a-zA-Z]{0,12}cite[a-zA-Z]{0,8}\*?`;
const OPTIONAL_ARGUMENTS = String.raw`(?:[ \t]{0,20}\n?[ \t]{0,20}\[[^\]\n]{0,200}\]){0,3}`;
const LATEX_CITE = new RegExp(`${CITE_COMMAND}${OPTIONAL_ARGUMENTS}[ \\t]{0,20}\\{([^{}\\\\]{0,2000})\\}`, 'g');
/** A cite command whose brace is still open at the end of the text before the cursor. */
const OPEN_LATEX_CITE = new RegExp(`${CITE_COMMAND}${OPTIONAL_ARGUMENTS}[ \\t]{0,20}\\{([^{}\\\\]{0,2000})$`);

// Pandoc: a key starts with a letter, digit or `_` and may contain `:.#$%&-+?<>~/` inside,
// as long as a letter, digit or `_` follows. The `@` must not follow a word character, which
// rules out e-mail addresses.
const PANDOC_KEY = String.raw`[\w](?:[\w]|[:.#$%&\-+?<>~/](?=[\w]))*`;
const PANDOC_CITE = new RegExp(`(?<![\\w@])-?@(?:\\{([^{}\\s]{1,200})\\}|(${PANDOC_KEY}))`, 'g');
const OPEN_PANDOC_CITE = /(?<![\w@])-?@\{?([\w:.#$%&\-+?<>~/]*)$/;
const KEY_CHARACTER = /[^\s,{}%\\]/;
const PANDOC_KEY_CHARACTER = /[\w:.#$%&\-+?<>~/]/;

/** How far back from the cursor a completion context is searched for. */
const LOOKBEHIND = 2500;

/** Finds every cite key in `\cite`-like commands, skipping `%` comments in LaTeX files. */
export function findLatexCiteKeys(text: string, options: { skipComments: boolean }): CiteKeyOccurrence[] {
  const occurrences: CiteKeyOccurrence[] = [];
  const comments = options.skipComments ? latexCommentRanges(text) : [];
  for (const match of text.matchAll(LATEX_CITE)) {
    const commandStart = match.index ?? 0;
    if (isInRanges(comments, commandStart)) {
      continue;
    }
    const keysStart = commandStart + match[0].length - 1 - match[1].length;
    occurrences.push(...splitKeys(match[1], keysStart));
  }
  return occurrences;
}

/** Finds Pandoc citations (`@key`, `[@key; @other]`, `@{key}`) in Markdown. */
export function findPandocCiteKeys(text: string): CiteKeyOccurrence[] {
  const occurrences: CiteKeyOccurrence[] = [];
  for (const match of text.matchAll(PANDOC_CITE)) {
    const key = match[1] ?? match[2];
    const keyStart = (match.index ?? 0) + match[0].length - key.length - (match[1] ? 1 : 0);
    occurrences.push({ key, start: keyStart, end: keyStart + key.length, syntax: 'pandoc' });
  }
  return occurrences;
}

/** Finds the cite keys a document of `languageId` contains, in the syntaxes that language uses. */
export function findCiteKeys(text: string, languageId: string): CiteKeyOccurrence[] {
  if (languageId === 'bibtex') {
    return [];
  }
  const isLatex = languageId === 'latex' || languageId === 'tex';
  const keys = findLatexCiteKeys(text, { skipComments: isLatex });
  if (languageId === 'markdown') {
    keys.push(...findPandocCiteKeys(text));
  }
  return keys.sort((a, b) => a.start - b.start);
}

/**
 * Tells whether the cursor at `offset` is where a cite key goes: inside the braces of a cite
 * command (also one not closed yet) or, in Markdown, after `@`.
 */
export function citeCompletionContext(text: string, offset: number, languageId: string): CiteCompletionContext | undefined {
  if (languageId === 'bibtex') {
    return undefined;
  }
  const windowStart = Math.max(0, offset - LOOKBEHIND);
  const before = text.slice(windowStart, offset);

  const latex = OPEN_LATEX_CITE.exec(before);
  if (latex && !((languageId === 'latex' || languageId === 'tex') && isInLatexComment(text, windowStart + (latex.index ?? 0)))) {
    const keys = latex[1];
    const lastComma = keys.lastIndexOf(',');
    const typed = keys.slice(lastComma + 1);
    const leading = typed.length - typed.trimStart().length;
    const start = offset - typed.length + leading;
    return { syntax: 'latex', start, end: extendKey(text, offset, KEY_CHARACTER), prefix: text.slice(start, offset) };
  }

  if (languageId === 'markdown') {
    const pandoc = OPEN_PANDOC_CITE.exec(before);
    if (pandoc) {
      const start = offset - pandoc[1].length;
      return { syntax: 'pandoc', start, end: extendKey(text, offset, PANDOC_KEY_CHARACTER), prefix: pandoc[1] };
    }
  }
  return undefined;
}

/** Returns the cite key occurrence containing `offset`, its end included. */
export function citeKeyAt(occurrences: readonly CiteKeyOccurrence[], offset: number): CiteKeyOccurrence | undefined {
  return occurrences.find((occurrence) => offset >= occurrence.start && offset <= occurrence.end);
}

/** Splits `a, b ,c` into keys with their offsets; empty keys (a trailing comma) are skipped. */
function splitKeys(keys: string, offset: number): CiteKeyOccurrence[] {
  const occurrences: CiteKeyOccurrence[] = [];
  let position = 0;
  for (const part of keys.split(',')) {
    const leading = part.length - part.trimStart().length;
    const key = part.trim();
    if (key && !/\s/.test(key)) {
      const start = offset + position + leading;
      occurrences.push({ key, start, end: start + key.length, syntax: 'latex' });
    }
    position += part.length + 1;
  }
  return occurrences;
}

/** Returns `[start, end)` of every `%` comment: from an unescaped `%` to the end of its line. */
function latexCommentRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const match of text.matchAll(/%/g)) {
    const index = match.index ?? 0;
    const last = ranges[ranges.length - 1];
    if (last && index < last[1]) {
      continue;
    }
    let backslashes = 0;
    while (text[index - 1 - backslashes] === '\\') {
      backslashes++;
    }
    if (backslashes % 2 === 1) {
      continue;
    }
    const lineEnd = text.indexOf('\n', index);
    ranges.push([index, lineEnd === -1 ? text.length : lineEnd]);
  }
  return ranges;
}

/** Tells whether `offset` follows an unescaped `%` on its line. */
function isInLatexComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  return /(^|[^\\])(\\\\)*%/.test(line);
}

function extendKey(text: string, offset: number, keyCharacter: RegExp): number {
  let end = offset;
  while (end < text.length && end - offset < 500 && keyCharacter.test(text[end])) {
    end++;
  }
  return end;
}
