// Formatted references (APA, Vancouver, Harvard, ...) from the official CSL styles,
// rendered by citation-js. citation-js is loaded on first use, so activation does not pay
// for it.
import type { Paper } from '../papers/model';
import { toCslItem } from './csl';

export type ReferenceStyle = 'apa' | 'mla' | 'chicago' | 'ieee' | 'harvard' | 'vancouver';

export interface ReferenceStyleInfo {
  style: ReferenceStyle;
  label: string;
  /** Name of the CSL template in citation-js, or undefined when no shipped file provides it. */
  template: string | undefined;
}

/**
 * The styles offered. `@citation-js/plugin-csl` 0.7 ships the official CSL files for APA 7,
 * Vancouver and Harvard (`harvard1`, Cite Them Right). MLA 9, Chicago author-date and IEEE
 * need the official style files from a package the project does not depend on yet.
 */
export const REFERENCE_STYLES: readonly ReferenceStyleInfo[] = [
  { style: 'apa', label: 'APA 7', template: 'apa' },
  // TODO: MLA 9, Chicago author-date and IEEE stay unsupported until a package that ships
  // the official modern-language-association, chicago-author-date and ieee CSL files is added.
  { style: 'mla', label: 'MLA 9', template: undefined },
  { style: 'chicago', label: 'Chicago (author-date)', template: undefined },
  { style: 'ieee', label: 'IEEE', template: undefined },
  { style: 'harvard', label: 'Harvard', template: 'harvard1' },
  { style: 'vancouver', label: 'Vancouver', template: 'vancouver' },
];

export class UnsupportedStyleError extends Error {
  constructor(readonly style: ReferenceStyle) {
    super(`The ${style} reference style is not available: no installed package ships its official CSL file.`);
    this.name = 'UnsupportedStyleError';
  }
}

export function isStyleSupported(style: ReferenceStyle): boolean {
  return REFERENCE_STYLES.find((info) => info.style === style)?.template !== undefined;
}

interface CiteInstance {
  format(format: 'bibliography', options: { format: 'text'; template: string; lang: string }): string;
}
type CiteConstructor = new (data: unknown) => CiteInstance;

let citeConstructor: CiteConstructor | undefined;

function loadCitationJs(): CiteConstructor {
  if (!citeConstructor) {
    // Required here, not at the top, so the CSL engine loads on the first formatted reference.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const core = require('@citation-js/core') as { Cite: CiteConstructor };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@citation-js/plugin-csl');
    citeConstructor = core.Cite;
  }
  return citeConstructor;
}

/**
 * Formats `paper` as one plain-text reference in `style`, without a trailing newline.
 * The `1.` or `[1]` label of numeric styles (Vancouver, IEEE) is dropped, because a single
 * copied reference has no list position. Throws `UnsupportedStyleError` for a style without a CSL file.
 */
export function formatReference(paper: Paper, style: ReferenceStyle, citeKey: string): string {
  const template = REFERENCE_STYLES.find((info) => info.style === style)?.template;
  if (!template) {
    throw new UnsupportedStyleError(style);
  }

  const Cite = loadCitationJs();
  const text = new Cite([toCslItem(paper, citeKey)]).format('bibliography', { format: 'text', template, lang: 'en-US' });
  return text.replace(/\s+/g, ' ').trim().replace(/^(\d+\.|\[\d+\])\s+/, '');
}
