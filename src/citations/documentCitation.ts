// Citation text for a document: the cite command that fits its language, edits to a cite
// command under the cursor, and the bibliography files the document declares.

export type DocumentKind = 'latex' | 'markdown' | 'other';

export interface DocumentBibliography {
  /** Bibliography paths as written in the document, `.bib` added where LaTeX leaves it out. */
  files: string[];
  /** True when the document loads its bibliography through biblatex (`\addbibresource`). */
  biblatex: boolean;
}

const LATEX_LANGUAGES = new Set(['latex', 'tex', 'latex-expl3', 'rsweave', 'doctex']);
const MARKDOWN_LANGUAGES = new Set(['markdown', 'quarto', 'rmd', 'pandoc']);

export function documentKind(languageId: string, fileName: string): DocumentKind {
  if (LATEX_LANGUAGES.has(languageId) || /\.(tex|ltx|sty|cls)$/i.test(fileName)) {
    return 'latex';
  }
  if (MARKDOWN_LANGUAGES.has(languageId) || /\.(md|markdown|qmd|rmd)$/i.test(fileName)) {
    return 'markdown';
  }
  return 'other';
}

/** `\cite{key}` in LaTeX and `[@key]` (pandoc) in Markdown. */
export function citationCommand(kind: 'latex' | 'markdown', citeKey: string): string {
  return kind === 'latex' ? `\\cite{${citeKey}}` : `[@${citeKey}]`;
}

/** The edit Insert Citation makes at one cursor position. */
export type CitationEdit =
  /** Insert `text` at `offset`: a whole citation, or a key joined to an existing list. */
  | { kind: 'insert'; offset: number; text: string }
  /** The citation around the cursor already lists the key, so nothing is inserted. */
  | { kind: 'present' };

/**
 * Plans the insertion of `citeKey` at `offset` in `text`. Inside the key list of a LaTeX cite
 * command (`\cite`, `\citep[…][…]`, `\autocite`, `\parencite`, `\textcite`, …) or a pandoc
 * citation (`[@a; @b]`), only the key is added to that list. Anywhere else, including in
 * a LaTeX comment, the result is a whole citation as `citationCommand` writes it.
 */
export function citationEditAt(text: string, offset: number, kind: 'latex' | 'markdown', citeKey: string): CitationEdit {
  const list = kind === 'latex' ? latexKeyListAt(text, offset) : pandocCitationAt(text, offset);
  if (!list) {
    return { kind: 'insert', offset, text: citationCommand(kind, citeKey) };
  }
  if (list.keys.includes(citeKey)) {
    return { kind: 'present' };
  }

  // After a bare `@` ("[@|]" or "[@a; @|]") only the key is missing.
  if (kind === 'markdown' && text[offset - 1] === '@' && !/[\p{L}\p{N}_{]/u.test(text[offset] ?? '')) {
    return { kind: 'insert', offset, text: citeKey };
  }
  return joinToList(list, offset, kind === 'latex' ? { separator: ',', item: citeKey } : { separator: ';', item: `@${citeKey}` });
}

/** A citation's list of items: `start`…`end` is the part of `source` between the braces or brackets. */
interface CitationList {
  /** The document text, with LaTeX comments blanked out. */
  source: string;
  start: number;
  end: number;
  keys: string[];
}

// A command whose name contains "cite" (\cite, \citep, \Textcite, \parencite, \nocite, …),
// an optional star, up to two optional arguments, and the key list in braces.
const LATEX_CITE = /\\[A-Za-z]*cite[A-Za-z]*\*?\s*(?:\[[^\]]*\]\s*){0,2}\{([^{}]*)\}/g;

function latexKeyListAt(text: string, offset: number): CitationList | undefined {
  // Comments are blanked out, not removed, so that offsets stay those of `text`.
  const code = text.replace(/(^|[^\\])(%[^\n]*)/gm, (_match, before: string, comment: string) => before + ' '.repeat(comment.length));
  for (const match of code.matchAll(LATEX_CITE)) {
    const commandStart = match.index;
    const end = commandStart + match[0].length - 1;
    if (offset > commandStart && offset <= end) {
      const keys = match[1].split(',').map((key) => key.trim()).filter(Boolean);
      return { source: code, start: end - match[1].length, end, keys };
    }
  }
  return undefined;
}

// Brackets that contain at least one `@key` starting an item. A `[…](…)` link is not a citation.
const PANDOC_CITATION = /\[([^[\]\n]*?(?:^|[\s;-])@[^[\]\n]*|@[^[\]\n]*)\](?!\()/g;
const PANDOC_KEY = /(?:^|[\s;-])@(?:\{([^}]*)\}|([\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?))/gu;

function pandocCitationAt(text: string, offset: number): CitationList | undefined {
  for (const match of text.matchAll(PANDOC_CITATION)) {
    const start = match.index + 1;
    const end = start + match[1].length;
    if (offset >= start && offset <= end) {
      const keys = [...match[1].matchAll(PANDOC_KEY)].map((key) => key[1] ?? key[2]).filter((key) => key !== undefined);
      return { source: text, start, end, keys };
    }
  }
  return undefined;
}

/**
 * Adds `item` to the list next to the item the cursor is in: before it when the cursor is
 * before its first character, else after it. An empty item (as in `\cite{a, }`) is filled.
 * A cursor in the command name or optional arguments adds the item at the end.
 */
function joinToList(list: CitationList, offset: number, style: { separator: string; item: string }): CitationEdit {
  const text = list.source;
  const cursor = offset < list.start ? list.end : Math.min(offset, list.end);
  const from = Math.max(text.lastIndexOf(style.separator, cursor - 1) + 1, list.start);
  const nextSeparator = text.indexOf(style.separator, cursor);
  const to = nextSeparator === -1 || nextSeparator > list.end ? list.end : nextSeparator;

  const item = text.slice(from, to);
  const contentStart = from + (item.length - item.trimStart().length);
  const contentEnd = to - (item.length - item.trimEnd().length);
  const join = `${style.separator} `;

  if (contentStart >= contentEnd) {
    const space = text[cursor - 1] === style.separator ? ' ' : '';
    return { kind: 'insert', offset: cursor, text: space + style.item };
  }
  if (cursor <= contentStart) {
    const space = text[contentStart - 1] === style.separator ? ' ' : '';
    return { kind: 'insert', offset: contentStart, text: space + style.item + join };
  }
  return { kind: 'insert', offset: contentEnd, text: join + style.item };
}

/** Finds `\bibliography{…}` and `\addbibresource{…}` outside comments, or pandoc's `bibliography:` front matter. */
export function findBibliographies(text: string, kind: DocumentKind): DocumentBibliography {
  if (kind === 'latex') {
    return latexBibliographies(text);
  }
  if (kind === 'markdown') {
    return { files: frontMatterBibliographies(text), biblatex: false };
  }
  return { files: [], biblatex: false };
}

function latexBibliographies(text: string): DocumentBibliography {
  const files: string[] = [];
  let biblatex = false;
  const withoutComments = text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|[^\\])%.*$/, '$1'))
    .join('\n');

  for (const match of withoutComments.matchAll(/\\bibliography\s*\{([^}]*)\}/g)) {
    for (const name of match[1].split(',')) {
      const trimmed = name.trim();
      if (trimmed) {
        files.push(/\.bib$/i.test(trimmed) ? trimmed : `${trimmed}.bib`);
      }
    }
  }
  for (const match of withoutComments.matchAll(/\\addbibresource\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}/g)) {
    biblatex = true;
    if (match[1].trim()) {
      files.push(match[1].trim());
    }
  }
  return { files: [...new Set(files)], biblatex };
}

/** Reads `bibliography:` from YAML front matter as a scalar, a flow list or a block list. */
function frontMatterBibliographies(text: string): string[] {
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(\r?\n|$)/.exec(text);
  if (!frontMatter) {
    return [];
  }

  const lines = frontMatter[1].split(/\r?\n/);
  const index = lines.findIndex((line) => /^bibliography\s*:/.test(line));
  if (index === -1) {
    return [];
  }

  const value = lines[index].replace(/^bibliography\s*:/, '').trim();
  if (value.startsWith('[')) {
    return value.replace(/^\[|\]$/g, '').split(',').map(unquote).filter(Boolean);
  }
  if (value !== '') {
    return [unquote(value)].filter(Boolean);
  }

  const files: string[] = [];
  for (const line of lines.slice(index + 1)) {
    const item = /^\s+-\s+(.+)$/.exec(line);
    if (!item) {
      break;
    }
    files.push(unquote(item[1]));
  }
  return files.filter(Boolean);
}

function unquote(value: string): string {
  return value.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
}
