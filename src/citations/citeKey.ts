// Cite keys from a pattern (`paperReader.citeKeyPattern`). The default pattern gives the
// same key as arXiv's export (`citeKey()` in bibtex.ts). Keys are ASCII and depend only on
// the paper, so the same paper gets the same key on every machine.
import type { Paper } from '../papers/model';
import { firstAuthorSurname, publicationYear, significantTitleWords, stripVersion } from './bibtex';

export const DEFAULT_CITE_KEY_PATTERN = '[auth:lower][year][title:4]';

/**
 * The fields a pattern may use. Text outside brackets is copied after dropping characters
 * that are not allowed in keys.
 * - `[auth]`: first author's surname in ASCII, first letter upper case (`Zhan`), or `Arxiv`
 *   when no author has a surname with Latin letters
 * - `[auth:lower]`: the same in lower case (`zhan`)
 * - `[year]`: publication year (`2025`)
 * - `[title:N]`: the first N significant title words, lower case, joined (`evaluatingintelligence`)
 * - `[shorttitle]`: the first three significant title words, each capitalised (`EvaluatingIntelligenceTrial`)
 * - `[arxivId]`: the arXiv id without version (`2502.18858`)
 */
export const CITE_KEY_FIELDS = ['[auth]', '[auth:lower]', '[year]', '[title:N]', '[shorttitle]', '[arxivId]'] as const;

const FIELD = /\[([A-Za-z]+)(?::([A-Za-z0-9]+))?\]/g;

// Characters outside fields that BibTeX, biber and natbib all accept in keys.
const LITERAL_CHARACTER = /[A-Za-z0-9_:.+\-/]/;

export class CiteKeyPatternError extends Error {
  constructor(
    readonly pattern: string,
    detail: string,
  ) {
    super(`Invalid cite key pattern "${pattern}": ${detail}`);
    this.name = 'CiteKeyPatternError';
  }
}

/** Checks `pattern` and returns an error message, or undefined when it is valid. */
export function validateCiteKeyPattern(pattern: string): string | undefined {
  try {
    expandPattern(pattern, undefined);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Builds the key for `paper` from `pattern`. A pattern that yields an empty key falls back
 * to `arxiv` plus the id's digits, so the result is never empty.
 * Throws `CiteKeyPatternError` for an unknown field.
 */
export function citeKeyFromPattern(paper: Paper, pattern: string = DEFAULT_CITE_KEY_PATTERN): string {
  const key = expandPattern(pattern, paper);
  if (key !== '') {
    return key;
  }
  return `arxiv${stripVersion(paper.arxivId).replace(/[^0-9]/g, '')}`;
}

/**
 * Returns `baseKey` when `takenKeys` does not contain it, else the first free `baseKey` +
 * `a`, `b`, … `z`, `aa`, `ab`, … Keys are compared ignoring case, because classic BibTeX
 * treats `Zhan2025` and `zhan2025` as the same key.
 */
export function uniqueCiteKey(baseKey: string, takenKeys: Iterable<string>): string {
  const taken = new Set(Array.from(takenKeys, (key) => key.toLowerCase()));
  if (!taken.has(baseKey.toLowerCase())) {
    return baseKey;
  }
  for (let index = 0; ; index++) {
    const candidate = baseKey + letterSuffix(index);
    if (!taken.has(candidate.toLowerCase())) {
      return candidate;
    }
  }
}

/** 0 → `a`, 25 → `z`, 26 → `aa`, like spreadsheet columns in lower case. */
function letterSuffix(index: number): string {
  let suffix = '';
  let rest = index + 1;
  while (rest > 0) {
    const digit = (rest - 1) % 26;
    suffix = String.fromCharCode(97 + digit) + suffix;
    rest = Math.floor((rest - 1) / 26);
  }
  return suffix;
}

/** Expands `pattern`; with no paper it only validates the fields. */
function expandPattern(pattern: string, paper: Paper | undefined): string {
  let key = '';
  let last = 0;

  for (const match of pattern.matchAll(FIELD)) {
    key += literalText(pattern.slice(last, match.index));
    key += fieldValue(pattern, match[1], match[2], paper);
    last = (match.index ?? 0) + match[0].length;
  }
  key += literalText(pattern.slice(last));
  return key;
}

function literalText(text: string): string {
  return Array.from(text)
    .filter((character) => LITERAL_CHARACTER.test(character))
    .join('');
}

function fieldValue(pattern: string, name: string, argument: string | undefined, paper: Paper | undefined): string {
  switch (name) {
    case 'auth': {
      if (argument !== undefined && argument !== 'lower') {
        throw new CiteKeyPatternError(pattern, `[auth:${argument}] is not a field; use [auth] or [auth:lower].`);
      }
      // Like arXiv's keys, a paper with no usable surname (no authors, or only CJK) uses `arxiv`.
      const surname = paper ? firstAuthorSurname(paper) || 'arxiv' : '';
      return argument === 'lower' ? surname : capitalise(surname);
    }
    case 'year':
      noArgument(pattern, name, argument);
      return paper ? String(publicationYear(paper) ?? '') : '';
    case 'title': {
      const count = Number(argument);
      if (argument === undefined || !Number.isInteger(count) || count < 1 || count > 20) {
        throw new CiteKeyPatternError(pattern, '[title:N] needs a word count N from 1 to 20, e.g. [title:4].');
      }
      return paper ? significantTitleWords(paper.title).slice(0, count).join('') : '';
    }
    case 'shorttitle':
      noArgument(pattern, name, argument);
      return paper ? significantTitleWords(paper.title).slice(0, 3).map(capitalise).join('') : '';
    case 'arxivId':
      noArgument(pattern, name, argument);
      return paper ? Array.from(stripVersion(paper.arxivId.trim())).filter((c) => LITERAL_CHARACTER.test(c)).join('') : '';
    default:
      throw new CiteKeyPatternError(
        pattern,
        `[${name}] is not a field. Use ${CITE_KEY_FIELDS.join(', ')}.`,
      );
  }
}

function noArgument(pattern: string, name: string, argument: string | undefined): void {
  if (argument !== undefined) {
    throw new CiteKeyPatternError(pattern, `[${name}] takes no argument; remove ":${argument}".`);
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
