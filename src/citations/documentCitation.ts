// What "Insert Citation" writes into a document: the citation command for its language and
// the bibliography files the document declares.

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
