// Finds the comments of a source file by its VS Code languageId, so the language server can
// recognise arXiv references in code comments without reading ids out of code or strings.
// This is a lexical scan, not a parser. It recognises each language family's comment markers
// and simple string literals, and no heredocs, raw strings or nested comments.
import { findPaperReferences, type PaperReference } from './references';

export interface CommentRegion {
  /** Offset of the comment marker. */
  start: number;
  /** Offset just after the comment: the end of the line, after the closing marker, or the end of the text. */
  end: number;
}

/** Languages the language server reads as prose, where references count anywhere in the text. */
export const PROSE_LANGUAGE_IDS: readonly string[] = ['latex', 'tex', 'bibtex', 'markdown', 'plaintext'];

export function isProseLanguage(languageId: string): boolean {
  return PROSE_LANGUAGE_IDS.includes(languageId);
}

interface LineMarker {
  marker: string;
  /** The marker starts a comment only at the start of a word, as `#` does in shell and YAML (`$#` and `a#b` are not comments). */
  wordStart?: boolean;
}

interface StringDelimiter {
  quote: string;
  /** Whether the literal may continue on the next line. Other literals end at the line break. */
  multiline?: boolean;
  /** A quote right after a character that matches is no string, such as an apostrophe in `don't` or MATLAB's transpose `A'`. */
  notAfter?: RegExp;
}

interface CommentSyntax {
  line: LineMarker[];
  block: Array<{ open: string; close: string }>;
  strings: StringDelimiter[];
  /** Python: a triple-quoted string that starts a statement is a docstring and counts as a comment. */
  docstrings?: boolean;
}

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;
const AFTER_OPERAND = /[\p{L}\p{N}_)\]}.']/u;
const SLASHES: LineMarker = { marker: '//' };
const HASH: LineMarker = { marker: '#' };
const HASH_AT_WORD_START: LineMarker = { marker: '#', wordStart: true };
const C_BLOCK = { open: '/*', close: '*/' };
const DOUBLE: StringDelimiter = { quote: '"' };
const SINGLE: StringDelimiter = { quote: "'" };
const SINGLE_NOT_IN_WORD: StringDelimiter = { quote: "'", notAfter: WORD_CHARACTER };

const C_LIKE: CommentSyntax = { line: [SLASHES], block: [C_BLOCK], strings: [DOUBLE, SINGLE] };
const FAMILIES: Array<{ languageIds: string[]; syntax: CommentSyntax }> = [
  {
    // Template literals and Go raw strings may span lines.
    languageIds: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'go', 'dart', 'groovy', 'coffeescript'],
    syntax: { ...C_LIKE, strings: [DOUBLE, SINGLE, { quote: '`', multiline: true }] },
  },
  {
    languageIds: ['java', 'c', 'cpp', 'cuda-cpp', 'csharp', 'swift', 'kotlin', 'scala', 'php', 'objective-c', 'objective-cpp', 'jsonc', 'json5', 'less', 'scss', 'zig', 'proto', 'solidity'],
    syntax: C_LIKE,
  },
  // Rust and F#-like languages use `'` for lifetimes and generics, so only `"` opens a string.
  { languageIds: ['rust', 'fsharp'], syntax: { line: [SLASHES], block: [C_BLOCK], strings: [DOUBLE] } },
  { languageIds: ['css'], syntax: { line: [], block: [C_BLOCK], strings: [DOUBLE, SINGLE] } },
  {
    languageIds: ['python'],
    syntax: { line: [HASH], block: [], strings: [DOUBLE, SINGLE], docstrings: true },
  },
  {
    languageIds: ['ruby', 'perl', 'perl6', 'raku', 'r', 'toml', 'makefile', 'elixir', 'nim', 'cmake', 'gdscript', 'tcl'],
    syntax: { line: [HASH], block: [], strings: [DOUBLE, SINGLE_NOT_IN_WORD] },
  },
  {
    languageIds: ['shellscript', 'yaml', 'dockerfile', 'ignore', 'properties', 'dotenv'],
    syntax: { line: [HASH_AT_WORD_START], block: [], strings: [DOUBLE, SINGLE_NOT_IN_WORD] },
  },
  { languageIds: ['julia'], syntax: { line: [HASH], block: [{ open: '#=', close: '=#' }], strings: [DOUBLE] } },
  { languageIds: ['powershell'], syntax: { line: [HASH], block: [{ open: '<#', close: '#>' }], strings: [DOUBLE, SINGLE_NOT_IN_WORD] } },
  { languageIds: ['sql'], syntax: { line: [{ marker: '--' }], block: [C_BLOCK], strings: [SINGLE, DOUBLE] } },
  {
    languageIds: ['haskell', 'elm', 'purescript'],
    syntax: { line: [{ marker: '--' }], block: [{ open: '{-', close: '-}' }], strings: [DOUBLE] },
  },
  { languageIds: ['lua'], syntax: { line: [{ marker: '--' }], block: [{ open: '--[[', close: ']]' }], strings: [DOUBLE, SINGLE] } },
  {
    languageIds: ['lisp', 'commonlisp', 'scheme', 'racket', 'clojure', 'emacs-lisp', 'elisp', 'fennel'],
    syntax: { line: [{ marker: ';' }], block: [{ open: '#|', close: '|#' }], strings: [DOUBLE] },
  },
  { languageIds: ['asm', 'nasm', 'masm', 'gas', 'arm', 'asm-intel-x86-generic', 'ini'], syntax: { line: [{ marker: ';' }], block: [], strings: [DOUBLE] } },
  {
    languageIds: ['matlab', 'octave'],
    syntax: { line: [{ marker: '%' }], block: [{ open: '%{', close: '%}' }], strings: [DOUBLE, { quote: "'", notAfter: AFTER_OPERAND }] },
  },
  { languageIds: ['erlang', 'prolog'], syntax: { line: [{ marker: '%' }], block: [], strings: [DOUBLE, SINGLE] } },
  { languageIds: ['html', 'xml', 'xsl', 'svg'], syntax: { line: [], block: [{ open: '<!--', close: '-->' }], strings: [] } },
];

/** Syntax for languages not listed: `//` and word-start `#` line comments, which cover most scripting and config formats. */
const UNKNOWN: CommentSyntax = { line: [SLASHES, HASH_AT_WORD_START], block: [], strings: [DOUBLE, SINGLE_NOT_IN_WORD] };

const SYNTAX_BY_LANGUAGE = new Map<string, CommentSyntax>(
  FAMILIES.flatMap(({ languageIds, syntax }) => languageIds.map((languageId) => [languageId, syntax] as const)),
);

/**
 * Finds the comments of `text`, a document of `languageId`, sorted by offset and never
 * overlapping. Comment markers inside string literals are skipped, and an unterminated
 * block comment runs to the end of the text.
 */
export function findCommentRegions(text: string, languageId: string): CommentRegion[] {
  const syntax = SYNTAX_BY_LANGUAGE.get(languageId) ?? UNKNOWN;
  const regions: CommentRegion[] = [];
  let index = 0;

  while (index < text.length) {
    if (syntax.docstrings && (text.startsWith('"""', index) || text.startsWith("'''", index))) {
      const close = text.indexOf(text.slice(index, index + 3), index + 3);
      const end = close === -1 ? text.length : close + 3;
      if (startsStatement(text, index)) {
        regions.push({ start: index, end });
      }
      index = end;
      continue;
    }

    const block = syntax.block.find(({ open }) => text.startsWith(open, index));
    if (block) {
      const close = text.indexOf(block.close, index + block.open.length);
      const end = close === -1 ? text.length : close + block.close.length;
      regions.push({ start: index, end });
      index = end;
      continue;
    }

    const line = syntax.line.find(({ marker, wordStart }) => text.startsWith(marker, index) && (!wordStart || atWordStart(text, index)));
    if (line) {
      const lineEnd = text.indexOf('\n', index);
      const end = lineEnd === -1 ? text.length : lineEnd;
      regions.push({ start: index, end });
      index = end;
      continue;
    }

    const delimiter = syntax.strings.find(({ quote, notAfter }) => text.startsWith(quote, index) && !(notAfter && index > 0 && notAfter.test(text[index - 1])));
    index = delimiter ? skipString(text, index, delimiter) : index + 1;
  }
  return regions;
}

/** Returns the offset just after the string literal that opens at `start`, honouring backslash escapes. */
function skipString(text: string, start: number, delimiter: StringDelimiter): number {
  let index = start + delimiter.quote.length;
  while (index < text.length) {
    const character = text[index];
    if (character === '\\') {
      index += 2;
    } else if (text.startsWith(delimiter.quote, index)) {
      return index + delimiter.quote.length;
    } else if (character === '\n' && !delimiter.multiline) {
      return index;
    } else {
      index++;
    }
  }
  return text.length;
}

function startsStatement(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return text.slice(lineStart, index).trim() === '';
}

function atWordStart(text: string, index: number): boolean {
  return index === 0 || /[\s;|&(]/.test(text[index - 1]);
}

/**
 * Finds arXiv references (prefixes, URLs and DOIs, never bare ids) that lie inside the
 * comments of `text`, with offsets into `text`.
 */
export function findCommentReferences(text: string, languageId: string): PaperReference[] {
  return findCommentRegions(text, languageId).flatMap((region) =>
    findPaperReferences(text.slice(region.start, region.end), { allowBareIds: false }).map((reference) => ({
      ...reference,
      start: reference.start + region.start,
      end: reference.end + region.start,
    })),
  );
}
