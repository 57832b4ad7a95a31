// The bibliography files a document names, with the offsets of each name so the server can
// put a diagnostic on it: `\bibliography{a,b}` and `\addbibresource{x.bib}` in LaTeX, and
// `bibliography:` front matter in Markdown. Also the Markdown regions where `@key` is no
// citation (code and front matter). Pure text and path functions, tested without a server.
import * as path from 'node:path';

export interface BibliographyName {
  /** The file name as written, with `.bib` added where `\bibliography` leaves it out. */
  name: string;
  /** Offsets of the name as written in the document. */
  start: number;
  end: number;
}

const LATEX_BIBLIOGRAPHY = /\\(bibliography|addbibresource)[ \t]*(?:\[[^\]\n]{0,200}\])?[ \t]*\{([^{}\\]{0,2000})\}/g;
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Finds the bibliography names of a LaTeX document, skipping `%` comments. */
export function findLatexBibliographyNames(text: string): BibliographyName[] {
  const names: BibliographyName[] = [];
  for (const match of text.matchAll(LATEX_BIBLIOGRAPHY)) {
    const commandStart = match.index ?? 0;
    if (isInLatexComment(text, commandStart)) {
      continue;
    }

    // `\addbibresource` takes one file with its extension, `\bibliography` a list without it.
    const isBiblatex = match[1] === 'addbibresource';
    const valueStart = commandStart + match[0].length - 1 - match[2].length;
    const parts = isBiblatex ? [match[2]] : match[2].split(',');
    let position = 0;
    for (const part of parts) {
      const leading = part.length - part.trimStart().length;
      const written = part.trim();
      if (written) {
        const start = valueStart + position + leading;
        const name = isBiblatex || /\.bib$/i.test(written) ? written : `${written}.bib`;
        names.push({ name, start, end: start + written.length });
      }
      position += part.length + 1;
    }
  }
  return names;
}

/** Finds `bibliography:` in YAML front matter as a scalar, a flow list or a block list. */
export function findFrontMatterBibliographyNames(text: string): BibliographyName[] {
  const frontMatter = FRONT_MATTER.exec(text);
  if (!frontMatter) {
    return [];
  }

  const bodyStart = frontMatter[0].indexOf(frontMatter[1]);
  const lines = frontMatter[1].split('\n');
  const lineStarts: number[] = [];
  let offset = bodyStart;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }

  const index = lines.findIndex((line) => /^bibliography[ \t]*:/.test(line));
  if (index === -1) {
    return [];
  }

  const keyLength = /^bibliography[ \t]*:/.exec(lines[index])![0].length;
  const value = stripYamlComment(lines[index].slice(keyLength));
  const valueStart = lineStarts[index] + keyLength;
  if (value.trim().startsWith('[')) {
    const open = value.indexOf('[');
    const close = value.lastIndexOf(']');
    const inner = value.slice(open + 1, close === -1 ? value.length : close);
    return splitItems(inner, valueStart + open + 1);
  }
  if (value.trim() !== '') {
    return scalarName(value, valueStart);
  }

  const names: BibliographyName[] = [];
  for (let next = index + 1; next < lines.length; next++) {
    const item = /^([ \t]*-[ \t]+)(.*)$/.exec(lines[next]);
    if (!item) {
      break;
    }
    names.push(...scalarName(stripYamlComment(item[2]), lineStarts[next] + item[1].length));
  }
  return names;
}

/** Finds the bibliography names a document of `kind` declares. */
export function findBibliographyNames(text: string, kind: 'latex' | 'markdown' | 'other'): BibliographyName[] {
  if (kind === 'latex') {
    return findLatexBibliographyNames(text);
  }
  return kind === 'markdown' ? findFrontMatterBibliographyNames(text) : [];
}

/**
 * Returns the paths where a named bibliography is looked for, in order: next to the document,
 * then in each workspace folder. An absolute name is its own only candidate, and a document
 * without a path (untitled) has only the workspace folders.
 */
export function bibliographyCandidates(name: string, documentPath: string | undefined, workspaceFolders: readonly string[]): string[] {
  if (path.isAbsolute(name)) {
    return [path.normalize(name)];
  }
  const folders = documentPath === undefined ? [...workspaceFolders] : [path.dirname(documentPath), ...workspaceFolders];
  return [...new Set(folders.map((folder) => path.resolve(folder, name)))];
}

/**
 * Returns `[start, end)` of the Markdown regions where `@` starts no citation: the front
 * matter, fenced code blocks, indented code blocks and inline code spans.
 */
export function markdownCodeRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const frontMatter = FRONT_MATTER.exec(text);
  let offset = frontMatter ? frontMatter[0].length : 0;
  if (frontMatter) {
    ranges.push([0, offset]);
  }

  let fence: { marker: string; start: number } | undefined;
  let previousBlank = true;
  let proseStart = offset;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const line = text.slice(offset, lineEnd).replace(/\r?\n$/, '');

    if (fence) {
      if (new RegExp(`^ {0,3}${fence.marker[0]}{${fence.marker.length},}[ \\t]*$`).test(line)) {
        ranges.push([fence.start, lineEnd]);
        fence = undefined;
        proseStart = lineEnd;
      }
    } else {
      const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      // NOTE: an indented paragraph inside a list item also counts as code here, so its citations go unchecked.
      const indentedCode = previousBlank && /^(?: {4}|\t)/.test(line) && line.trim() !== '';
      if (opening || indentedCode) {
        ranges.push(...inlineCodeRanges(text, proseStart, offset));
      }
      if (opening) {
        fence = { marker: opening[1], start: offset };
      } else if (indentedCode) {
        ranges.push([offset, lineEnd]);
        proseStart = lineEnd;
        // The next indented line continues the block, so it counts as following a blank line.
        offset = lineEnd;
        continue;
      }
    }
    previousBlank = line.trim() === '';
    offset = lineEnd;
  }

  if (fence) {
    // An unclosed fence runs to the end of the document, as in CommonMark.
    ranges.push([fence.start, text.length]);
  } else {
    ranges.push(...inlineCodeRanges(text, proseStart, text.length));
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** Tells whether `offset` lies in one of `ranges`, which are sorted and do not overlap. */
export function isInRanges(ranges: ReadonlyArray<[number, number]>, offset: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = ranges[middle];
    if (offset < start) {
      high = middle - 1;
    } else if (offset >= end) {
      low = middle + 1;
    } else {
      return true;
    }
  }
  return false;
}

/** Returns the inline code spans in `text[start, end)`: a run of backticks up to the next run of the same length. */
function inlineCodeRanges(text: string, start: number, end: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const prose = text.slice(start, end);
  const runs = [...prose.matchAll(/`+/g)];
  for (let i = 0; i < runs.length; i++) {
    const opening = runs[i];
    const closing = runs.slice(i + 1).findIndex((run) => run[0].length === opening[0].length);
    if (closing === -1) {
      continue;
    }
    const closingRun = runs[i + 1 + closing];
    ranges.push([start + (opening.index ?? 0), start + (closingRun.index ?? 0) + closingRun[0].length]);
    i += 1 + closing;
  }
  return ranges;
}

function scalarName(value: string, offset: number): BibliographyName[] {
  const leading = value.length - value.trimStart().length;
  let written = value.trim();
  let start = offset + leading;
  const quoted = /^(["'])(.*)\1$/.exec(written);
  if (quoted) {
    written = quoted[2];
    start += 1;
  }
  return written ? [{ name: written, start, end: start + written.length }] : [];
}

function splitItems(inner: string, offset: number): BibliographyName[] {
  const names: BibliographyName[] = [];
  let position = 0;
  for (const part of inner.split(',')) {
    names.push(...scalarName(part, offset + position));
    position += part.length + 1;
  }
  return names;
}

/** Drops a YAML comment: ` #` to the end of the line, outside quotes. */
function stripYamlComment(value: string): string {
  const comment = /(^|[ \t])#/.exec(value);
  if (!comment || /^\s*["']/.test(value)) {
    return value.replace(/\r$/, '');
  }
  return value.slice(0, comment.index).replace(/\r$/, '');
}

/** Tells whether `offset` follows an unescaped `%` on its line. */
function isInLatexComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /(^|[^\\])(\\\\)*%/.test(text.slice(lineStart, offset));
}
