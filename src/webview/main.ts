// The paper panel's script. It renders the paper the host posts, keeps it in the webview
// state so a restored panel shows it again, and sends actions back as messages.
//
// Every network string goes into the DOM through `textContent` or an attribute, except the
// abstract and the AI summary, which pass through DOMPurify in `renderAbstractHtml`.
import type { Paper } from '../papers/model';
import type { HostMessage, PanelLabels, WebviewMessage } from '../views/protocol';
import { renderAbstractHtml } from './render';

interface PanelState {
  paper: Paper;
  labels: PanelLabels;
}

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Authors shown before the "Show all N authors" button. */
const VISIBLE_AUTHORS = 8;

const vscode = acquireVsCodeApi();

function main(): void {
  const app = document.getElementById('app');
  if (!app) {
    console.error('Paper panel: the document has no #app element, so nothing can be shown.');
    return;
  }

  // Links need no click handler: VS Code's webview host opens a clicked http(s) link itself,
  // after its trusted-domain prompt.

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isShowPaperMessage(message)) {
      return;
    }
    vscode.setState({ paper: message.paper, labels: message.labels });
    renderPaper(app, message.paper, message.labels, message.saved);
  });

  const saved = vscode.getState();
  if (isPanelState(saved)) {
    renderPaper(app, saved.paper, saved.labels);
  }

  vscode.postMessage({ type: 'ready' });
}

// ---------------------------------------------------------------------------------------
// Rendering

function renderPaper(app: HTMLElement, paper: Paper, labels: PanelLabels, saved?: boolean): void {
  document.title = paper.title;

  const article = element('article', 'paper');
  article.append(
    element('h1', 'title', paper.title),
    renderAuthors(paper, labels),
    renderMeta(paper, labels),
  );

  const thumbnail = renderThumbnail(paper);
  if (thumbnail) {
    article.append(thumbnail);
  }
  article.append(renderActions(labels, saved), renderLinks(paper, labels), renderAbstract(paper, labels));

  const aiSection = renderAiSection(paper, labels);
  if (aiSection) {
    article.append(aiSection);
  }

  app.replaceChildren(article);
  window.scrollTo(0, 0);
}

function renderAuthors(paper: Paper, labels: PanelLabels): HTMLElement {
  const container = element('p', 'authors');
  container.setAttribute('aria-label', labels.authors);

  const names = paper.authors
    .map((author) => author.name)
    .filter((name) => typeof name === 'string' && name.trim() !== '');
  const visible = element('span', 'authors-visible');
  appendAuthorNames(visible, names.slice(0, VISIBLE_AUTHORS), false);
  container.append(visible);
  if (names.length <= VISIBLE_AUTHORS) {
    return container;
  }

  // The remaining names are only built on the first expand, so a paper with thousands of
  // authors costs eight elements until the reader asks for the rest.
  const rest = element('span', 'authors-rest');
  let restFilled = false;
  const etAl = element('span', 'authors-et-al', ' et al.');
  const toggle = element('button', 'link-button authors-toggle');
  toggle.type = 'button';

  const setExpanded = (expanded: boolean): void => {
    if (expanded && !restFilled) {
      appendAuthorNames(rest, names.slice(VISIBLE_AUTHORS), true);
      restFilled = true;
    }
    rest.hidden = !expanded;
    etAl.hidden = expanded;
    toggle.setAttribute('aria-expanded', String(expanded));
    toggle.textContent = expanded
      ? labels.showFewerAuthors
      : labels.showAllAuthors.replace('{0}', String(names.length));
  };
  toggle.addEventListener('click', () => setExpanded(rest.hidden));
  setExpanded(false);

  container.append(rest, etAl, ' ', toggle);
  return container;
}

/**
 * Appends each name in its own `dir="auto"` element, which isolates its text direction, so a
 * right-to-left name or a stray bidi control in one name cannot reorder the others.
 */
function appendAuthorNames(parent: HTMLElement, names: readonly string[], leadingSeparator: boolean): void {
  names.forEach((name, index) => {
    if (index > 0 || leadingSeparator) {
      parent.append(', ');
    }
    const author = element('span', 'author', name);
    author.dir = 'auto';
    parent.append(author);
  });
}

function renderMeta(paper: Paper, labels: PanelLabels): HTMLElement {
  const meta = element('p', 'meta');
  const add = (text: string, title?: string): void => {
    const item = element('span', 'meta-item', text);
    if (title) {
      item.title = title;
      item.setAttribute('aria-label', title);
    }
    meta.append(item);
  };

  const published = isoDate(paper.publishedAt);
  if (published) {
    add(`${labels.published} ${published}`);
  }
  if (paper.dailyDate) {
    add(`${labels.onDailyPapers} ${paper.dailyDate}`);
  }
  add(`▲ ${formatCount(paper.upvotes)}`, `${formatCount(paper.upvotes)} ${labels.upvotes}`);
  // Labels saved by an older version have no singular form.
  const commentsLabel = paper.numComments === 1 ? (labels.comment ?? labels.comments) : labels.comments;
  add(`${formatCount(paper.numComments)} ${commentsLabel}`);

  const organization = paper.organization?.fullname || paper.organization?.name;
  if (organization) {
    add(organization, `${labels.organization}: ${organization}`);
  }
  return meta;
}

function renderThumbnail(paper: Paper): HTMLElement | undefined {
  if (!paper.thumbnailUrl || !isHttpsUrl(paper.thumbnailUrl)) {
    return undefined;
  }
  const image = element('img', 'thumbnail');
  image.src = paper.thumbnailUrl;
  image.alt = paper.title;
  image.loading = 'lazy';
  image.decoding = 'async';

  // A thumbnail that fails to load would leave a broken-image frame above the actions.
  image.addEventListener('error', () => image.remove(), { once: true });
  return image;
}

function renderActions(labels: PanelLabels, saved: boolean | undefined): HTMLElement {
  const actions = element('div', 'actions');
  type ActionType = 'copyBibTeX' | 'copyLink' | 'openPdf' | 'toggleSaved' | 'insertCitation' | 'copyCitation';
  const add = (text: string | undefined, type: ActionType): void => {
    // Labels restored from a panel saved by an older version may lack the newer buttons.
    if (!text) {
      return;
    }
    const button = element('button', 'action', text);
    button.type = 'button';
    button.addEventListener('click', () => vscode.postMessage({ type }));
    actions.append(button);
  };

  if (saved !== undefined) {
    add(saved ? labels.unsave : labels.save, 'toggleSaved');
  }
  add(labels.copyBibTeX, 'copyBibTeX');
  add(labels.copyCitation, 'copyCitation');
  add(labels.insertCitation, 'insertCitation');
  add(labels.copyLink, 'copyLink');
  add(labels.openPdf, 'openPdf');
  return actions;
}

function renderLinks(paper: Paper, labels: PanelLabels): HTMLElement {
  const nav = element('nav', 'links');
  const id = encodeURIComponent(paper.arxivId).replace(/%2F/gi, '/');
  const add = (text: string, url: string | undefined, ariaLabel?: string): void => {
    if (!url || !isWebUrl(url)) {
      return;
    }
    const link = element('a', 'link', text);
    link.href = url;
    if (ariaLabel) {
      link.setAttribute('aria-label', ariaLabel);
    }
    nav.append(link);
  };

  add(labels.arxiv, `https://arxiv.org/abs/${id}`);
  add(labels.pdf, `https://arxiv.org/pdf/${id}`);
  add(labels.huggingFace, `https://huggingface.co/papers/${id}`);
  if (paper.githubStars !== undefined) {
    const stars = formatCount(paper.githubStars);
    add(`${labels.code} ★ ${stars}`, paper.githubRepo, `${labels.code}, ${stars} ${labels.stars}`);
  } else {
    add(labels.code, paper.githubRepo);
  }
  add(labels.projectPage, paper.projectPage);
  return nav;
}

function renderAbstract(paper: Paper, labels: PanelLabels): HTMLElement {
  const section = element('section', 'abstract');
  section.append(element('h2', undefined, labels.abstract), renderedText(paper.abstract));
  return section;
}

function renderAiSection(paper: Paper, labels: PanelLabels): HTMLElement | undefined {
  const keywords = (paper.aiKeywords ?? []).filter((keyword) => keyword.trim() !== '');
  if (!paper.aiSummary && keywords.length === 0) {
    return undefined;
  }

  // With keywords only, the keywords heading is the section's heading, because an
  // "AI summary" heading with no summary under it reads as missing content.
  const section = element('section', 'ai');
  const heading = paper.aiSummary ? labels.aiSummary : labels.aiKeywords;
  section.append(element('h2', undefined, heading), element('p', 'ai-notice', labels.aiNotice));
  if (paper.aiSummary) {
    section.append(renderedText(paper.aiSummary));
  }

  if (keywords.length > 0) {
    const list = element('ul', 'chips');
    list.setAttribute('aria-label', labels.aiKeywords);
    for (const keyword of keywords) {
      const chip = element('li', 'chip', keyword);
      chip.dir = 'auto';
      list.append(chip);
    }
    if (paper.aiSummary) {
      section.append(element('h3', undefined, labels.aiKeywords));
    }
    section.append(list);
  }
  return section;
}

/** Renders Markdown and math through DOMPurify, or shows the source as plain text on failure. */
function renderedText(text: string): HTMLElement {
  const container = element('div', 'rendered');
  try {
    container.innerHTML = renderAbstractHtml(text);
  } catch (error) {
    console.error('Paper panel: rendering Markdown and math failed, showing plain text.', error);
    container.replaceChildren(element('p', undefined, text));
  }
  return container;
}

// ---------------------------------------------------------------------------------------
// Helpers

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

function formatCount(value: number): string {
  return Number.isFinite(value) ? value.toLocaleString() : '0';
}

function isWebUrl(value: string): boolean {
  return hasProtocol(value, ['https:', 'http:']);
}

function isHttpsUrl(value: string): boolean {
  return hasProtocol(value, ['https:']);
}

function hasProtocol(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function isShowPaperMessage(value: unknown): value is Extract<HostMessage, { type: 'showPaper' }> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'showPaper' &&
    isPanelState(value)
  );
}

function isPanelState(value: unknown): value is PanelState {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { paper, labels } = value as { paper?: Partial<Paper>; labels?: unknown };
  return (
    typeof paper === 'object' &&
    paper !== null &&
    typeof paper.arxivId === 'string' &&
    typeof paper.title === 'string' &&
    Array.isArray(paper.authors) &&
    typeof paper.abstract === 'string' &&
    typeof labels === 'object' &&
    labels !== null
  );
}

main();
