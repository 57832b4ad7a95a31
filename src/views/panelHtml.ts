// The paper panel's HTML document. It holds no paper data except the escaped title: the
// webview script renders the paper from a message, so remote text never becomes markup here.

export interface PanelHtmlOptions {
  /**
   * `webview.cspSource`: the sources the webview may load local resources from. VS Code
   * gives one origin; code-server 4.139 gives a list such as `'self' https://*.vscode-cdn.net`.
   */
  cspSource: string;
  /** Base64 or base64url value from a cryptographic random source, new for every document. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  katexStyleUri: string;
  /** Paper title for the document's `<title>`; escaped here. */
  title: string;
  /** BCP 47 language tag of the labels, `en` when not given. */
  language?: string;
}

const SOURCE_PATTERN = /^('self'|[A-Za-z][A-Za-z0-9+.-]*:(\/\/[^\s;,'"<>]+)?|[^\s;,'"<>:]+(:\d+)?)$/;
const NONCE_PATTERN = /^[A-Za-z0-9+/_=-]{16,}$/;
const LANGUAGE_PATTERN = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/** Builds the panel document with a strict Content Security Policy. */
export function buildPanelHtml(options: PanelHtmlOptions): string {
  const { cspSource, nonce } = options;
  if (!NONCE_PATTERN.test(nonce)) {
    throw new Error('Invalid webview nonce: expected at least 16 base64 characters from a random source.');
  }
  if (!isSourceList(cspSource)) {
    throw new Error(`Invalid webview cspSource "${cspSource}": expected CSP sources separated by spaces, with no semicolons or double quotes.`);
  }
  const language = options.language && LANGUAGE_PATTERN.test(options.language) ? options.language : 'en';

  // KaTeX positions glyphs with inline style attributes, which CSP blocks without
  // 'unsafe-inline' in style-src. Scripts still need the nonce, so no injected script runs.
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} https: data:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ') + ';';

  return `<!DOCTYPE html>
<html lang="${escapeHtml(language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeHtml(options.katexStyleUri)}">
  <link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
  <title>${escapeHtml(options.title)}</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${escapeHtml(nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}

function isSourceList(value: string): boolean {
  const sources = value.trim().split(/\s+/);
  return value.trim() !== '' && sources.every((source) => SOURCE_PATTERN.test(source));
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '` so `text` is safe in element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}
