// Every citation format the extension offers, by id, for the "Copy Citation…" pick list,
// the `paperReader.citationFormat` setting and the insert command.
import type { Paper } from '../papers/model';
import { toBibLaTeX } from './biblatex';
import { toBibTeX } from './bibtex';
import { citeKeyFromPattern, uniqueCiteKey } from './citeKey';
import { toCslJson } from './csl';
import { toRis } from './ris';
import { formatReference, isStyleSupported, REFERENCE_STYLES, type ReferenceStyle } from './styles';

export type CitationFormat = 'bibtex' | 'biblatex' | 'csl-json' | 'ris' | 'markdown' | ReferenceStyle;

export interface CitationFormatInfo {
  format: CitationFormat;
  label: string;
  /** True for APA, MLA and the other reference styles rendered through CSL. */
  isReferenceStyle: boolean;
  supported: boolean;
}

export const CITATION_FORMATS: readonly CitationFormatInfo[] = [
  { format: 'bibtex', label: 'BibTeX', isReferenceStyle: false, supported: true },
  { format: 'biblatex', label: 'BibLaTeX', isReferenceStyle: false, supported: true },
  { format: 'csl-json', label: 'CSL-JSON', isReferenceStyle: false, supported: true },
  { format: 'ris', label: 'RIS', isReferenceStyle: false, supported: true },
  { format: 'markdown', label: 'Markdown link', isReferenceStyle: false, supported: true },
  ...REFERENCE_STYLES.map((info) => ({
    format: info.style,
    label: info.label,
    isReferenceStyle: true,
    // A getter, because whether the style's CSL file exists is known only once the
    // extension has set the style folder.
    get supported() {
      return isStyleSupported(info.style);
    },
  })),
];

export function isCitationFormat(value: unknown): value is CitationFormat {
  return CITATION_FORMATS.some((info) => info.format === value);
}

/** Formats `paper` as `format` under `citeKey`; key-less formats ignore the key. */
export function formatCitation(paper: Paper, format: CitationFormat, citeKey: string): string {
  switch (format) {
    case 'bibtex':
      return toBibTeX(paper, { citeKey });
    case 'biblatex':
      return toBibLaTeX(paper, citeKey);
    case 'csl-json':
      return toCslJson(paper, citeKey);
    case 'ris':
      return toRis(paper, citeKey);
    case 'markdown':
      return toMarkdownLink(paper);
    default:
      return formatReference(paper, format, citeKey);
  }
}

/** `[Title](https://arxiv.org/abs/id)` with the Markdown link-text specials escaped. */
export function toMarkdownLink(paper: Paper): string {
  const title = paper.title.replace(/\s+/g, ' ').trim().replace(/([\\[\]])/g, '\\$1');
  const id = paper.arxivId.trim().replace(/v\d+$/, '');
  return `[${title}](https://arxiv.org/abs/${encodeURI(id)})`;
}

/**
 * Builds one .bib file with a BibTeX entry per paper, separated by blank lines. Keys come
 * from `pattern`, and a key already used earlier in the file gets a letter suffix.
 */
export function toBibTeXFile(papers: readonly Paper[], pattern: string): string {
  const usedKeys: string[] = [];
  const entries = papers.map((paper) => {
    const key = uniqueCiteKey(citeKeyFromPattern(paper, pattern), usedKeys);
    usedKeys.push(key);
    return toBibTeX(paper, { citeKey: key });
  });
  return entries.join('\n');
}
