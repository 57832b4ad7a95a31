// CSL-JSON items for arXiv papers and formatted references through citation-js. The item
// follows what Zotero stores for an arXiv preprint: type `article`, publisher arXiv, number
// `arXiv:<id>`, genre Preprint, and the DOI arXiv registers with DataCite.
import type { Paper } from '../papers/model';
import { publicationYear, stripVersion } from './bibtex';
import { authorNames, splitName } from './names';

export interface CslName {
  family?: string;
  given?: string;
  'non-dropping-particle'?: string;
  literal?: string;
}

export interface CslItem {
  id: string;
  type: 'article';
  title: string;
  author: CslName[];
  issued?: { 'date-parts': number[][] };
  publisher: string;
  number: string;
  genre: string;
  DOI: string;
  URL: string;
  abstract?: string;
}

/** arXiv's DataCite DOI for a version-less id, e.g. `10.48550/arXiv.2502.18858`. */
export function arxivDoi(arxivId: string): string {
  return `10.48550/arXiv.${stripVersion(arxivId.trim())}`;
}

/** `[year, month, day]` of `publishedAt` in UTC, or `[year]` from the arXiv id. */
export function publicationDateParts(paper: Paper): number[] | undefined {
  if (paper.publishedAt) {
    const time = Date.parse(paper.publishedAt);
    if (!Number.isNaN(time)) {
      const date = new Date(time);
      return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    }
  }
  const year = publicationYear(paper);
  return year === undefined ? undefined : [year];
}

export function toCslItem(paper: Paper, citeKey: string): CslItem {
  const id = stripVersion(paper.arxivId.trim());
  const item: CslItem = {
    id: citeKey,
    type: 'article',
    title: paper.title.replace(/\s+/g, ' ').trim(),
    author: authorNames(paper).map(toCslName),
    publisher: 'arXiv',
    number: `arXiv:${id}`,
    genre: 'Preprint',
    DOI: arxivDoi(id),
    URL: `https://arxiv.org/abs/${id}`,
  };

  const date = publicationDateParts(paper);
  if (date) {
    item.issued = { 'date-parts': [date] };
  }
  if (paper.abstract.trim()) {
    item.abstract = paper.abstract.trim();
  }
  return item;
}

/** CSL-JSON for one paper: an array with one item, as Zotero and pandoc read it. */
export function toCslJson(paper: Paper, citeKey: string): string {
  return JSON.stringify([toCslItem(paper, citeKey)], null, 2) + '\n';
}

function toCslName(name: string): CslName {
  const parts = splitName(name);
  if (parts.literal !== undefined) {
    return { literal: parts.literal };
  }
  const cslName: CslName = { family: parts.family, given: parts.given };
  if (parts.particle) {
    cslName['non-dropping-particle'] = parts.particle;
  }
  return cslName;
}
