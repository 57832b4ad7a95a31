// Formatted references (APA, Vancouver, Harvard, ...) from the official CSL styles,
// rendered by citation-js. citation-js is loaded on first use, so activation does not pay
// for it.
import * as fs from 'fs';
import * as path from 'path';
import type { Paper } from '../papers/model';
import { toCslItem } from './csl';

export type ReferenceStyle = 'apa' | 'mla' | 'chicago' | 'ieee' | 'harvard' | 'vancouver';

export interface ReferenceStyleInfo {
  style: ReferenceStyle;
  label: string;
  /** Name of the CSL template in citation-js, and of its `.csl` file when not bundled. */
  template: string;
  /** True when `@citation-js/plugin-csl` ships the style; else it is read from the style folder. */
  bundled: boolean;
}

/**
 * The styles offered. `@citation-js/plugin-csl` 0.7 ships the official CSL files for APA 7,
 * Vancouver and Harvard (`harvard1`, Cite Them Right). No npm package ships the official
 * MLA 9, Chicago author-date and IEEE files, so the build copies them from Debian's
 * `citation-style-language-styles` into `dist/csl/`, and they are read from there.
 */
export const REFERENCE_STYLES: readonly ReferenceStyleInfo[] = [
  { style: 'apa', label: 'APA 7', template: 'apa', bundled: true },
  { style: 'mla', label: 'MLA 9', template: 'modern-language-association', bundled: false },
  { style: 'chicago', label: 'Chicago (author-date)', template: 'chicago-author-date', bundled: false },
  { style: 'ieee', label: 'IEEE', template: 'ieee', bundled: false },
  { style: 'harvard', label: 'Harvard', template: 'harvard1', bundled: true },
  { style: 'vancouver', label: 'Vancouver', template: 'vancouver', bundled: true },
];

export class UnsupportedStyleError extends Error {
  constructor(
    readonly style: ReferenceStyle,
    file: string | undefined,
  ) {
    super(
      file
        ? `The ${style} reference style is not available: its CSL file ${file} is missing. Reinstall the extension.`
        : `The ${style} reference style is not available: no folder of CSL style files is set.`,
    );
    this.name = 'UnsupportedStyleError';
  }
}

let styleDirectory: string | undefined;
const registeredTemplates = new Set<string>();

/** Sets the folder that contains the `.csl` files citation-js does not bundle (`dist/csl` in the extension). */
export function setCslStyleDirectory(directory: string | undefined): void {
  styleDirectory = directory;
}

function styleFile(info: ReferenceStyleInfo): string | undefined {
  return styleDirectory ? path.join(styleDirectory, `${info.template}.csl`) : undefined;
}

export function isStyleSupported(style: ReferenceStyle): boolean {
  const info = REFERENCE_STYLES.find((candidate) => candidate.style === style);
  if (!info) {
    return false;
  }
  if (info.bundled) {
    return true;
  }
  const file = styleFile(info);
  return file !== undefined && fs.existsSync(file);
}

interface CslPlugin {
  templates: { add(name: string, xml: string): void };
}

interface CiteInstance {
  format(format: 'bibliography', options: { format: 'text'; template: string; lang: string }): string;
}
type CiteConstructor = new (data: unknown) => CiteInstance;

let citationJs: { Cite: CiteConstructor; csl: CslPlugin } | undefined;

function loadCitationJs(): { Cite: CiteConstructor; csl: CslPlugin } {
  if (!citationJs) {
    // Required here, not at the top, so the CSL engine loads on the first formatted
    // reference. esbuild turns this path into dist/citation-engine.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const engine = require('./citationEngine') as { Cite: CiteConstructor; plugins: { config: { get(name: string): CslPlugin } } };
    citationJs = { Cite: engine.Cite, csl: engine.plugins.config.get('@csl') };
  }
  return citationJs;
}

/** Registers a style citation-js does not bundle, reading its `.csl` file once. */
function registerTemplate(info: ReferenceStyleInfo, csl: CslPlugin): void {
  if (info.bundled || registeredTemplates.has(info.template)) {
    return;
  }
  const file = styleFile(info);
  if (!file || !fs.existsSync(file)) {
    throw new UnsupportedStyleError(info.style, file);
  }
  csl.templates.add(info.template, fs.readFileSync(file, 'utf8'));
  registeredTemplates.add(info.template);
}

/**
 * Formats `paper` as one plain-text reference in `style`, without a trailing newline.
 * The `1.` or `[1]` label of numeric styles (Vancouver, IEEE) is dropped, because a single
 * copied reference has no list position. Throws `UnsupportedStyleError` when the style's CSL file is missing.
 */
export function formatReference(paper: Paper, style: ReferenceStyle, citeKey: string): string {
  const info = REFERENCE_STYLES.find((candidate) => candidate.style === style);
  if (!info) {
    throw new UnsupportedStyleError(style, undefined);
  }

  const { Cite, csl } = loadCitationJs();
  registerTemplate(info, csl);
  const text = new Cite([toCslItem(paper, citeKey)]).format('bibliography', { format: 'text', template: info.template, lang: 'en-US' });
  return text.replace(/\s+/g, ' ').trim().replace(/^(\d+\.|\[\d+\])\s+/, '');
}
