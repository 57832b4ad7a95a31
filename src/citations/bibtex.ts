// BibTeX entries for arXiv papers in the shape of arXiv's own "Export BibTeX Citation":
// an `@misc` entry with eprint, archivePrefix and primaryClass fields, and a cite key made
// of the first author's surname, the year and the first four significant title words.
import type { Paper } from '../papers/model';

export interface BibTeXOptions {
  /** Key to use instead of the generated one. It must match `VALID_CITE_KEY`. */
  citeKey?: string;
}

// Letters, digits and the punctuation that BibTeX, biber and natbib all accept in keys.
const VALID_CITE_KEY = /^[A-Za-z0-9_:.+\-/]+$/;

/**
 * Builds an `@misc` entry for `paper`, ending with a newline. Fields come in arXiv's order:
 * title, author, year, eprint, archivePrefix, primaryClass, url. `primaryClass` appears only
 * when `paper.primaryCategory` is set, and author and year only when they are known.
 */
export function toBibTeX(paper: Paper, options: BibTeXOptions = {}): string {
  const key = options.citeKey ?? citeKey(paper);
  if (!VALID_CITE_KEY.test(key)) {
    throw new Error(
      `Invalid cite key "${key}": use only letters, digits and _ : . + - /, with no spaces.`,
    );
  }

  const eprint = stripVersion(paper.arxivId.trim());
  const year = publicationYear(paper);
  const fields: Array<[string, string]> = [['title', formatTitle(paper.title)]];
  const authors = formatAuthors(paper);
  if (authors) {
    fields.push(['author', authors]);
  }
  if (year !== undefined) {
    fields.push(['year', String(year)]);
  }
  fields.push(['eprint', latexEscape(eprint)]);
  fields.push(['archivePrefix', 'arXiv']);
  if (paper.primaryCategory?.trim()) {
    fields.push(['primaryClass', latexEscape(paper.primaryCategory.trim())]);
  }
  fields.push(['url', `https://arxiv.org/abs/${encodeURI(eprint)}`]);

  const lines = fields.map(([name, value]) => `  ${name}={${value}},`);
  return `@misc{${key},\n${lines.join('\n')}\n}\n`;
}

/**
 * Builds the cite key arXiv's export uses, e.g. `zhan2025evaluatingintelligencetrialerror`:
 * the first author's surname in ASCII, the year, and the first four title words that are
 * not stop words, math or digits only. The key contains only `[a-z0-9]` and is never empty:
 * with no usable surname it starts with `arxiv`.
 */
export function citeKey(paper: Paper): string {
  const surname = firstAuthorSurname(paper) || 'arxiv';
  const year = publicationYear(paper);
  const words = significantTitleWords(paper.title).slice(0, 4);
  return `${surname}${year ?? ''}${words.join('')}`;
}

/** Returns the UTC year of `publishedAt`, or the year encoded in the arXiv id. */
export function publicationYear(paper: Paper): number | undefined {
  if (paper.publishedAt) {
    const time = Date.parse(paper.publishedAt);
    if (!Number.isNaN(time)) {
      return new Date(time).getUTCFullYear();
    }
  }
  return yearFromArxivId(paper.arxivId);
}

// New-style ids start with YYMM (`2502.18858`, since April 2007). Old-style ids such as
// `hep-th/9901001` carry YYMM after the slash, from 1991 on.
function yearFromArxivId(arxivId: string): number | undefined {
  const id = arxivId.trim();
  const newStyle = /^(\d{2})(\d{2})\.\d{4,5}(v\d+)?$/.exec(id);
  if (newStyle) {
    return 2000 + Number(newStyle[1]);
  }
  const oldStyle = /^[a-z-]+(\.[A-Z]{2})?\/(\d{2})(\d{2})\d{3}(v\d+)?$/.exec(id);
  if (oldStyle) {
    const yy = Number(oldStyle[2]);
    return yy >= 91 ? 1900 + yy : 2000 + yy;
  }
  return undefined;
}

export function stripVersion(arxivId: string): string {
  return arxivId.replace(/v\d+$/, '');
}

export function formatTitle(title: string): string {
  return latexEscape(title.replace(/\s+/g, ' ').trim());
}

function formatAuthors(paper: Paper): string {
  const names = paper.authors
    .map((author) => author.name.replace(/\s+/g, ' ').trim())
    .filter((name) => name.length > 0);

  // BibTeX splits the author list on the word "and", so a name containing it is braced.
  return names
    .map((name) => {
      const escaped = latexEscape(name);
      return /(^|\s)and(\s|$)/i.test(name) ? `{${escaped}}` : escaped;
    })
    .join(' and ');
}

// ---------------------------------------------------------------------------------------
// Cite key parts

const STOP_WORDS = new Set(
  (
    'a an the of and or for to in on at by with via from is are all you its into as be we ' +
    'our this that how what do does can it not but your their than over under about'
  ).split(' '),
);

export function firstAuthorSurname(paper: Paper): string {
  const name = paper.authors.find((author) => author.name.trim().length > 0)?.name ?? '';
  const words = name.trim().split(/\s+/);

  // The last word is the surname, but one that leaves nothing in ASCII (a CJK name in
  // brackets after the Latin one, say) gives way to the word before it.
  for (let index = words.length - 1; index >= 0; index--) {
    const word = keyCharacters(words[index]);
    if (/[a-z]/.test(word)) {
      return word;
    }
  }
  return '';
}

export function significantTitleWords(title: string): string[] {
  const withoutMath = splitTexMath(title)
    .filter((segment) => segment.kind === 'text')
    .map((segment) => segment.value)
    .join(' ');

  // TeX commands outside math (`\textit{...}`) would otherwise leak their names into the key.
  const withoutCommands = withoutMath.replace(/\\[A-Za-z]+/g, ' ');

  const words: string[] = [];
  for (const token of withoutCommands.split(/\s+/)) {
    const word = keyCharacters(token);
    if (/[a-z]/.test(word) && !STOP_WORDS.has(word)) {
      words.push(word);
    }
  }
  return words;
}

const ASCII_FALLBACKS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
};

/** Transliterates `text` to lower-case ASCII and keeps only `[a-z0-9]`. */
export function keyCharacters(text: string): string {
  const ascii = Array.from(text.normalize('NFKD'))
    .map((character) => ASCII_FALLBACKS[character] ?? character)
    .join('')
    .replace(/\p{M}/gu, '');
  return ascii.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// ---------------------------------------------------------------------------------------
// Escaping

export interface EscapeOptions {
  /** Keep letters outside ASCII as UTF-8 instead of LaTeX accent commands (biber reads UTF-8). */
  keepNonAscii?: boolean;
}

type TexSegment = { kind: 'text'; value: string } | { kind: 'math'; value: string };

/**
 * Escapes `text` for a BibTeX field value, and the result always has balanced braces.
 * TeX math in `$...$` or `\(...\)` stays verbatim when its braces balance and it has no
 * `%` or `#`. Other math is escaped like the text around it, because it would break the entry.
 */
export function latexEscape(text: string, options: EscapeOptions = {}): string {
  const parts = splitTexMath(text.normalize('NFC')).map((segment) =>
    segment.kind === 'math' && isSafeMath(segment.value)
      ? segment.value
      : escapeText(segment.value, options.keepNonAscii === true),
  );
  return parts.join('');
}

/**
 * Tells whether every `{` in `text` has a matching `}` after it. Braces count even after a
 * backslash, as BibTeX's own parser counts them, so `\{` alone is unbalanced.
 */
export function hasBalancedBraces(text: string): boolean {
  let depth = 0;
  for (const character of text) {
    if (character === '{') {
      depth++;
    } else if (character === '}') {
      depth--;
      if (depth < 0) {
        return false;
      }
    }
  }
  return depth === 0;
}

function isSafeMath(math: string): boolean {
  return hasBalancedBraces(math) && !/(^|[^\\])[%#]/.test(math);
}

/**
 * Splits `text` into plain text and inline math. `$...$` follows Pandoc's rule:
 * the opening `$` is not followed by whitespace, and the first unescaped `$` after it closes
 * only when it is not preceded by whitespace or followed by a digit. So `$5 and $10` is text.
 */
function splitTexMath(text: string): TexSegment[] {
  const segments: TexSegment[] = [];
  let textStart = 0;
  let index = 0;

  const pushMath = (start: number, end: number, math: string): void => {
    if (start > textStart) {
      segments.push({ kind: 'text', value: text.slice(textStart, start) });
    }
    segments.push({ kind: 'math', value: math });
    textStart = end;
    index = end;
  };

  while (index < text.length) {
    const character = text[index];
    if (character === '\\' && text[index + 1] === '(') {
      const close = findUnescaped(text, '\\)', index + 2);
      if (close > index + 2) {
        pushMath(index, close + 2, text.slice(index, close + 2));
        continue;
      }
      index += 2;
    } else if (character === '\\') {
      index += 2;
    } else if (character === '$' && text[index + 1] !== '$') {
      const close = closingDollar(text, index);
      if (close !== -1) {
        pushMath(index, close + 1, text.slice(index, close + 1));
        continue;
      }
      index += 1;
    } else if (character === '$') {
      // `$$` display math has no place in a reference list, so it is escaped as text.
      index += 2;
    } else {
      index += 1;
    }
  }

  if (textStart < text.length) {
    segments.push({ kind: 'text', value: text.slice(textStart) });
  }
  return segments;
}

function closingDollar(text: string, open: number): number {
  const first = text[open + 1];
  if (first === undefined || /\s/.test(first)) {
    return -1;
  }
  const close = findUnescaped(text, '$', open + 1);
  if (close === -1 || /\s/.test(text[close - 1]) || /\d/.test(text[close + 1] ?? '')) {
    return -1;
  }
  return close;
}

/** Finds `needle` at or after `from`, skipping backslash escapes such as `\$` or `\\`. */
function findUnescaped(text: string, needle: string, from: number): number {
  let index = from;
  while (index < text.length) {
    if (text.startsWith(needle, index)) {
      return index;
    }
    index += text[index] === '\\' ? 2 : 1;
  }
  return -1;
}

const SPECIAL_ESCAPES: Record<string, string> = {
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  $: '\\$',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
};

// Characters that arXiv titles already write as `\%`, `\&` etc. stand for themselves.
const ESCAPED_SPECIALS = new Set(['&', '%', '#', '_', '$', '{', '}']);

function escapeText(text: string, keepNonAscii: boolean): string {
  const characters = unescapeSpecials(text);
  const braceOutput = pairBraces(characters);

  return characters
    .map((character, index) => braceOutput.get(index) ?? escapeCharacter(character, keepNonAscii))
    .join('');
}

function unescapeSpecials(text: string): string[] {
  const characters: string[] = [];
  const input = Array.from(text);
  for (let index = 0; index < input.length; index++) {
    if (input[index] === '\\' && ESCAPED_SPECIALS.has(input[index + 1] ?? '')) {
      index++;
    }
    characters.push(input[index]);
  }
  return characters;
}

/**
 * Escapes matched brace pairs as `\{` and `\}`, which keeps BibTeX's brace count even, and
 * writes a lone brace as `\textbraceleft{}` or `\textbraceright{}` so it cannot unbalance it.
 */
function pairBraces(characters: string[]): Map<number, string> {
  const output = new Map<number, string>();
  const open: number[] = [];
  characters.forEach((character, index) => {
    if (character === '{') {
      open.push(index);
      output.set(index, '\\textbraceleft{}');
    } else if (character === '}') {
      const match = open.pop();
      if (match === undefined) {
        output.set(index, '\\textbraceright{}');
      } else {
        output.set(match, '\\{');
        output.set(index, '\\}');
      }
    }
  });
  return output;
}

function escapeCharacter(character: string, keepNonAscii: boolean): string {
  const special = SPECIAL_ESCAPES[character];
  if (special !== undefined) {
    return special;
  }
  if (/^[\x20-\x7e]$/.test(character)) {
    return character;
  }
  if (/^\s$/u.test(character)) {
    return ' ';
  }
  return keepNonAscii ? character : latexForNonAscii(character);
}

// Letters without a decomposition in Unicode, written as LaTeX's own text commands.
const LETTER_COMMANDS: Record<string, string> = {
  ß: '{\\ss}',
  ẞ: '{\\SS}',
  ø: '{\\o}',
  Ø: '{\\O}',
  ł: '{\\l}',
  Ł: '{\\L}',
  æ: '{\\ae}',
  Æ: '{\\AE}',
  œ: '{\\oe}',
  Œ: '{\\OE}',
  å: '{\\aa}',
  Å: '{\\AA}',
  đ: '{\\dj}',
  Đ: '{\\DJ}',
  ı: '{\\i}',
  ð: '{\\dh}',
  Ð: '{\\DH}',
  þ: '{\\th}',
  Þ: '{\\TH}',
  '–': '--',
  '—': '---',
  '‘': '`',
  '’': "'",
  '“': '``',
  '”': "''",
  '…': '{\\ldots}',
};

// Combining marks (after NFD) and the LaTeX accent command for each. Commands named by a
// letter need their argument in braces (`\c{c}`), but symbol ones take it directly (`\'e`).
const ACCENT_COMMANDS: Record<string, string> = {
  '\u0300': '`',
  '\u0301': "'",
  '\u0302': '^',
  '\u0303': '~',
  '\u0304': '=',
  '\u0306': 'u',
  '\u0307': '.',
  '\u0308': '"',
  '\u030a': 'r',
  '\u030b': 'H',
  '\u030c': 'v',
  '\u0323': 'd',
  '\u0327': 'c',
  '\u0328': 'k',
  '\u0331': 'b',
};

/**
 * Writes a non-ASCII character as a braced LaTeX accent command, e.g. `é` → `{\'e}` and
 * `ç` → `{\c{c}}`. Characters with no LaTeX form, such as CJK, are returned unchanged as
 * UTF-8, which biber reads and classic BibTeX passes through to a UTF-8 LaTeX document.
 */
function latexForNonAscii(character: string): string {
  const command = LETTER_COMMANDS[character];
  if (command !== undefined) {
    return command;
  }

  const [base, ...marks] = Array.from(character.normalize('NFD'));
  const unknownMark = marks.some((mark) => ACCENT_COMMANDS[mark] === undefined);
  if (marks.length === 0 || !/^[A-Za-z]$/.test(base) || unknownMark) {
    return character;
  }

  let accented = base;
  for (const mark of marks) {
    const accent = ACCENT_COMMANDS[mark];
    const takesBracedArgument = /^[A-Za-z]$/.test(accent) || accented.length > 1;
    accented = takesBracedArgument ? `\\${accent}{${accented}}` : `\\${accent}${accented}`;
  }
  return `{${accented}}`;
}
