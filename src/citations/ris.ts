// RIS records for arXiv papers, the tagged format EndNote, Zotero and Mendeley import.
import type { Paper } from '../papers/model';
import { publicationYear, stripVersion } from './bibtex';
import { arxivDoi, publicationDateParts } from './csl';
import { authorNames, splitName } from './names';

/**
 * Builds one RIS record ending with `ER  - ` and a newline. RIS has no preprint type, so the
 * record uses `UNPB` (unpublished work), the closest type in the RIS specification.
 */
export function toRis(paper: Paper, citeKey: string): string {
  const id = stripVersion(paper.arxivId.trim());
  const lines: Array<[string, string]> = [
    ['TY', 'UNPB'],
    ['ID', citeKey],
    ['TI', oneLine(paper.title)],
  ];

  for (const name of authorNames(paper)) {
    const parts = splitName(name);
    const family = [parts.particle, parts.family].filter(Boolean).join(' ');
    lines.push(['AU', parts.literal ?? `${family}, ${parts.given}`]);
  }

  const year = publicationYear(paper);
  if (year !== undefined) {
    lines.push(['PY', String(year)]);
  }
  const date = publicationDateParts(paper);
  if (date && date.length === 3) {
    const [y, m, d] = date;
    lines.push(['DA', `${y}/${pad(m)}/${pad(d)}`]);
  }
  lines.push(['PB', 'arXiv']);
  lines.push(['M1', `arXiv:${id}`]);
  lines.push(['DO', arxivDoi(id)]);
  lines.push(['UR', `https://arxiv.org/abs/${id}`]);
  if (paper.abstract.trim()) {
    lines.push(['AB', oneLine(paper.abstract)]);
  }
  lines.push(['ER', '']);

  return lines.map(([tag, value]) => `${tag}  - ${value}`).join('\n') + '\n';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
