// BibLaTeX entries for arXiv papers: an `@online` entry with biblatex's eprint fields
// (`eprinttype = {arxiv}`), which biblatex turns into an arXiv link in the reference list.
import type { Paper } from '../papers/model';
import { latexEscape, stripVersion } from './bibtex';
import { arxivDoi, publicationDateParts } from './csl';
import { authorNames } from './names';

/**
 * Builds an `@online` entry ending with a newline. Names and titles keep letters outside
 * ASCII as UTF-8, because biber reads UTF-8; TeX specials and braces are escaped.
 * `eprintclass` appears only when `paper.primaryCategory` is set.
 */
export function toBibLaTeX(paper: Paper, citeKey: string): string {
  const id = stripVersion(paper.arxivId.trim());
  const fields: Array<[string, string]> = [];

  const authors = authorNames(paper).map((name) => {
    const escaped = latexEscape(name, { keepNonAscii: true });
    // biber splits the list on the word "and", so a name containing it is braced.
    return /(^|\s)and(\s|$)/i.test(name) ? `{${escaped}}` : escaped;
  });
  if (authors.length > 0) {
    fields.push(['author', authors.join(' and ')]);
  }
  fields.push(['title', latexEscape(paper.title.replace(/\s+/g, ' ').trim(), { keepNonAscii: true })]);

  const date = publicationDateParts(paper);
  if (date) {
    fields.push(['date', date.map((part, index) => (index === 0 ? String(part) : String(part).padStart(2, '0'))).join('-')]);
  }
  fields.push(['eprint', latexEscape(id)]);
  fields.push(['eprinttype', 'arxiv']);
  if (paper.primaryCategory?.trim()) {
    fields.push(['eprintclass', latexEscape(paper.primaryCategory.trim())]);
  }
  fields.push(['doi', arxivDoi(id)]);
  fields.push(['url', `https://arxiv.org/abs/${encodeURI(id)}`]);

  const lines = fields.map(([name, value]) => `  ${name} = {${value}},`);
  return `@online{${citeKey},\n${lines.join('\n')}\n}\n`;
}
