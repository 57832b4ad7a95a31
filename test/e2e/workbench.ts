// Playwright helpers that drive the VS Code web workbench served by code-server, through
// Debian's Chromium. Every helper waits on a condition in the page, never on a timer.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrowserContext, chromium, FrameLocator, Locator, Page } from 'playwright-core';

export const chromiumPath = process.env.PAPER_READER_CHROMIUM ?? '/usr/bin/chromium';

export const viewport = { width: 1280, height: 800 };

// Each wait is for one UI change. The slowest of them, the first webview, took about 3 s
// on a 2-core VM, so 15 s fails a broken step quickly and leaves room for slower machines.
const actionTimeoutMs = 15_000;

/** Flags that keep Chromium from calling Google services and from needing a GPU or a sandbox. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Title of the extension's activity-bar container (`paperReader`). */
export const papersContainerTitle = 'Papers';

export interface Workbench {
  context: BrowserContext;
  page: Page;
  /** Requests to hosts other than 127.0.0.1 and localhost, all aborted. */
  blockedRequests: string[];
  close(): Promise<void>;
}

/**
 * Opens the workbench at `url` in a fresh Chromium profile, with clipboard access for the
 * workbench origin, and waits until the workbench has rendered its activity bar.
 */
export async function openWorkbench(url: string, profileDir: string): Promise<Workbench> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}. Run \`bash scripts/setup-vscode.sh\` to install it.`);
  }

  fs.rmSync(profileDir, { recursive: true, force: true });
  fs.mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport,
  });

  const blockedRequests: string[] = [];
  await context.route('**/*', async (route) => {
    const requestUrl = route.request().url();
    if (isLoopback(requestUrl)) {
      await route.continue();
      return;
    }
    blockedRequests.push(requestUrl);
    await route.abort('blockedbyclient');
  });

  const origin = new URL(url).origin;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });

  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(actionTimeoutMs);
  await page.goto(url);
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  return { context, page, blockedRequests, close: () => context.close() };
}

/** Returns true for http(s) URLs on loopback; data:, blob: and similar URLs never leave the page. */
function isLoopback(requestUrl: string): boolean {
  const { protocol, hostname } = new URL(requestUrl);
  if (protocol !== 'http:' && protocol !== 'https:' && protocol !== 'ws:' && protocol !== 'wss:') {
    return true;
  }
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** Opens the Papers container in the side bar unless it is already open. */
export async function openPapersView(page: Page): Promise<void> {
  const entry = page.locator(`.part.activitybar [aria-label^="${papersContainerTitle}"]`).first();
  await entry.waitFor({ state: 'visible' });

  const sidebarTitle = page.locator('.part.sidebar .composite.title');
  const alreadyOpen = (await sidebarTitle.count()) > 0 && /papers/i.test((await sidebarTitle.first().textContent()) ?? '');
  if (!alreadyOpen) {
    await entry.click();
  }
  await page.locator('.part.sidebar .composite.title', { hasText: /papers/i }).waitFor({ state: 'visible' });
}

/** Returns the tree item whose accessible name starts with `label` (the description follows the label in the name). */
export function treeItem(page: Page, label: string): Locator {
  return page.locator('.part.sidebar').getByRole('treeitem', { name: label }).first();
}

/** Returns the rows of the side bar tree in display order. */
export function treeRows(page: Page): Locator {
  return page.locator('.part.sidebar .customview-tree .monaco-list-row');
}

export interface TreeRow {
  label: string;
  description: string;
}

interface RenderedRow extends TreeRow {
  /** Position in the flattened tree (`data-index`). */
  index: number;
  level: number;
  /** Number of siblings (`aria-setsize`). */
  siblings: number;
}

/**
 * Reads the label and description of every child of the expanded top-level item `day`,
 * in display order. The tree renders only the rows in view, so this scrolls through it.
 */
export async function paperRowsUnderDay(page: Page, day: string): Promise<TreeRow[]> {
  await scrollTree(page, -100_000);
  await treeRowAt(page, 0).waitFor({ state: 'attached' });
  await treeRows(page).and(page.locator('[aria-level="2"]')).first().waitFor({ state: 'attached' });

  let rendered = await renderedRows(page);
  const dayRow = rendered.find((row) => row.level === 1 && row.label === day);
  if (!dayRow) {
    throw new Error(`Top-level tree item ${day} not found; rendered rows: ${rendered.map((row) => row.label).join(' | ')}`);
  }
  const firstChild = rendered.find((row) => row.index === dayRow.index + 1);
  if (!firstChild || firstChild.level !== 2) {
    throw new Error(`Top-level tree item ${day} shows no children: is it expanded?`);
  }
  const count = firstChild.siblings;

  const found = new Map<number, TreeRow>();
  for (;;) {
    for (const row of rendered) {
      if (row.index > dayRow.index && row.index <= dayRow.index + count) {
        found.set(row.index, { label: row.label, description: row.description });
      }
    }
    if (found.size >= count) {
      break;
    }
    const maxIndex = Math.max(...rendered.map((row) => row.index));
    await scrollTree(page, 300);
    await treeRowAt(page, maxIndex + 1).waitFor({ state: 'attached' });
    rendered = await renderedRows(page);
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

function treeRowAt(page: Page, index: number): Locator {
  return page.locator(`.part.sidebar .customview-tree .monaco-list-row[data-index="${index}"]`);
}

async function renderedRows(page: Page): Promise<RenderedRow[]> {
  return treeRows(page).evaluateAll((elements) =>
    elements.map((element) => ({
      index: Number(element.getAttribute('data-index')),
      level: Number(element.getAttribute('aria-level')),
      siblings: Number(element.getAttribute('aria-setsize')),
      label: (element.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (element.querySelector('.label-description')?.textContent ?? '').trim(),
    })),
  );
}

async function scrollTree(page: Page, deltaY: number): Promise<void> {
  const tree = page.locator('.part.sidebar .customview-tree').first();
  await tree.waitFor({ state: 'visible' });
  const box = await tree.boundingBox();
  if (!box) {
    throw new Error('Tree view is not visible: open the Papers view first.');
  }
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 100));
  await page.mouse.wheel(0, deltaY);
}

/** Message line above the tree, where the extension reports states such as Offline. */
export function viewMessage(page: Page): Locator {
  return page.locator('.part.sidebar .tree-explorer-viewlet-tree-view > .message');
}

/** Welcome content that VS Code shows in place of an empty tree. */
export function welcomeContent(page: Page): Locator {
  return page.locator('.part.sidebar .welcome-view-content');
}

/**
 * Runs a command from the command palette by its palette label, e.g. `Papers: Copy BibTeX`.
 * Focus moves to the side bar first because F1 does nothing while a webview has focus.
 */
export async function runCommand(page: Page, paletteLabel: string): Promise<void> {
  await page.locator('.part.sidebar .composite.title').first().click();
  await page.keyboard.press('F1');

  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${paletteLabel}`);

  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: paletteLabel }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Returns the inner frame of the visible webview. VS Code nests the extension's document
 * in `iframe#active-frame` inside the webview host iframe; hidden panels keep their
 * iframes, so only the visible one is taken.
 */
export function webviewFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready:visible').first().contentFrame().frameLocator('iframe#active-frame');
}

/** Returns the editor tab whose label is `title`. */
export function editorTab(page: Page, title: string): Locator {
  return page.locator('.part.editor .tab', { hasText: title }).first();
}

/** Reads the browser clipboard, which `vscode.env.clipboard` writes in the web workbench. */
export async function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Writes `text` to the clipboard, so a later read proves a command replaced it. */
export async function writeClipboard(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
}

/** Saves a PNG of the whole viewport to `file`, creating its folder. */
export async function saveScreenshot(page: Page, file: string): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

/** Returns the side bar section (pane) of the view titled `title`, e.g. `Saved`. */
export function viewPane(page: Page, title: string): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
}

/** Returns the tree item labelled `label` inside the view pane titled `title`. */
export function treeItemInView(page: Page, title: string, label: string): Locator {
  return viewPane(page, title).getByRole('treeitem', { name: label }).first();
}

/** Opens the context menu of `item` and returns the menu item named exactly `label`. */
export async function contextMenuItem(page: Page, item: Locator, label: string): Promise<Locator> {
  const menu = page.locator('.context-view .monaco-menu');

  // Right after a reload the tree may re-render under the pointer and swallow the click,
  // so the click is repeated until the menu shows, a bounded number of times.
  for (let attempt = 1; ; attempt++) {
    await item.click({ button: 'right' });
    try {
      await menu.waitFor({ state: 'visible', timeout: 3_000 });
      break;
    } catch (error) {
      if (attempt >= 5) {
        throw error;
      }
      await page.keyboard.press('Escape');
    }
  }
  return menu.getByRole('menuitem', { name: label, exact: true });
}

/** Closes an open context menu or quick input. */
export async function dismissMenus(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
}

/** Opens a file of the workspace folder through Quick Open and waits for its editor tab. */
export async function openWorkspaceFile(page: Page, name: string): Promise<void> {
  await page.locator('.part.sidebar .composite.title').first().click();
  await page.keyboard.press('F1');

  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);

  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await editorTab(page, name).waitFor({ state: 'visible' });
}

/** Picks the quick pick row containing `text` from an open quick input. */
export async function pickQuickPickItem(page: Page, text: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Runs a command from the palette that opens a quick pick, and leaves that pick open. */
export async function runCommandWithPick(page: Page, paletteLabel: string): Promise<void> {
  await page.locator('.part.sidebar .composite.title').first().click();
  await page.keyboard.press('F1');

  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${paletteLabel}`);

  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: paletteLabel }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();

  // The palette closes and the command's own pick opens with a new title.
  await page.locator('.quick-input-widget .quick-input-title', { hasText: /\S/ }).waitFor({ state: 'visible' });
}

/**
 * Runs the context menu entry `label` of `item`. The entry is focused by hovering and run
 * with Enter, because the menu ignores a mouse click that follows its opening too closely.
 */
export async function chooseContextMenuItem(page: Page, item: Locator, label: string): Promise<void> {
  const entry = await contextMenuItem(page, item, label);
  await entry.hover();
  await page.keyboard.press('Enter');
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
}
