// Messages between the paper panel (extension host) and its webview script. Both sides
// import this file; the host validates every incoming message with `isWebviewMessage`
// because a webview is treated as untrusted.
import type { Paper } from '../papers/model';

/** Host → webview. */
export type HostMessage =
  /** `saved` is absent when the host has no saved list, and then no Save button shows. */
  | { type: 'showPaper'; paper: Paper; labels: PanelLabels; saved?: boolean };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'copyBibTeX' }
  | { type: 'copyLink' }
  | { type: 'openPdf' }
  | { type: 'toggleSaved' }
  | { type: 'insertCitation' }
  | { type: 'copyCitation' };

/** Translated strings the webview shows; the host owns translation through `vscode.l10n`. */
export interface PanelLabels {
  authors: string;
  showAllAuthors: string;
  showFewerAuthors: string;
  published: string;
  onDailyPapers: string;
  upvotes: string;
  /** Singular of `comments`, shown for a count of 1. Absent in labels saved by older versions. */
  comment?: string;
  comments: string;
  organization: string;
  abstract: string;
  aiSummary: string;
  aiKeywords: string;
  aiNotice: string;
  arxiv: string;
  pdf: string;
  huggingFace: string;
  code: string;
  projectPage: string;
  copyBibTeX: string;
  copyLink: string;
  openPdf: string;
  stars: string;
  save: string;
  unsave: string;
  insertCitation: string;
  copyCitation: string;
}

// Links in the panel are plain http(s) anchors: VS Code's webview host opens them after its
// own trusted-domain prompt, so no message carries a URL.
const WEBVIEW_MESSAGE_TYPES = new Set(['ready', 'copyBibTeX', 'copyLink', 'openPdf', 'toggleSaved', 'insertCitation', 'copyCitation']);

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const message = value as { type?: unknown };
  return typeof message.type === 'string' && WEBVIEW_MESSAGE_TYPES.has(message.type);
}
