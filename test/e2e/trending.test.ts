// End-to-end test in a real VS Code (code-server 4.139.1 with VS Code 1.139) driven by
// Chromium. The packaged extension reads the fixture Daily Papers from the test API server
// on 127.0.0.1 and shows them in the Trending view. The steps open a paper, render math,
// copy BibTeX, keep cached papers when the API goes away, and show the welcome content for
// an empty cache with no network. They run in order in one workbench. Each step is its own
// test, so a failure names the step and saves a screenshot under .test-work/failures/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Page } from 'playwright-core';

import { toBibTeX } from '../../src/citations/bibtex';
import { ApiServer, startApiServer } from '../../src/demo/apiServer';
import type { Paper } from '../../src/papers/model';
import { parseDailyPapersItems, sortPapers } from '../../src/papers/parse';
import { CodeServer, repoRoot, startCodeServer, testWorkDir } from './codeServer';
import {
  editorTab,
  openPapersView,
  openWorkbench,
  paperRowsUnderDay,
  readClipboard,
  runCommand,
  saveScreenshot,
  treeItem,
  viewMessage,
  webviewFrame,
  welcomeContent,
  Workbench,
  writeClipboard,
} from './workbench';

const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'daily_papers');
const demoDay = '2025-03-12';
const demoArxivId = '2502.18858';
const demoCiteKeyPrefix = '@misc{zhan2025evaluatingintelligencetrialerror,';
const readmeScreenshot = path.join(repoRoot, 'media', 'screenshot.png');
const failuresDir = path.join(testWorkDir, 'failures');
const chromeProfileDir = path.join(testWorkDir, 'chrome');

// With the API down, the view reports Offline only after every visible day has used up its
// retries (3 per request with exponential backoff, two days at a time): about 20 s for the
// default 7 days on 2 cores.
const offlineTimeoutMs = 60_000;

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Reads one fixture day the way the extension parses it. */
function loadFixtureDay(day: string): Paper[] {
  const file = path.join(fixturesDir, `${day}.json`);
  const body: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  return parseDailyPapersItems(body, { requestedDay: day, source: file }).papers;
}

/** Sorts as the view does for `paperReader.sortOrder` = `upvotes`: upvotes, then comments, then title. */
function byUpvotes(papers: Paper[]): Paper[] {
  return sortPapers(papers, 'upvotes');
}

/** Words of an abstract outside `$…$` math and Markdown marks, to find in the rendered text. */
function plainWords(abstract: string): string[] {
  return abstract
    .replace(/\$\$[\s\S]*?\$\$|\$[^$]*\$/g, ' ')
    .split(/\s+/)
    .filter((word) => /^[A-Za-z]{3,}[,.;:]?$/.test(word))
    .map((word) => word.replace(/[,.;:]$/, ''));
}

function hasInlineMath(abstract: string): boolean {
  return /\$[^$\s][^$]*\$/.test(abstract);
}

describe('trending view in code-server', { timeout: 170_000 }, () => {
  let api: ApiServer | undefined;
  /** Kept after the server stops, so later steps point the extension at a closed port. */
  let apiUrl = '';
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let page: Page;
  const artefacts: string[] = [];

  const demoPapers = loadFixtureDay(demoDay);
  const demoPaper = demoPapers.find((paper) => paper.arxivId === demoArxivId);
  const expectedTitles = byUpvotes(demoPapers).map((paper) => collapseWhitespace(paper.title));
  const mathPaper = byUpvotes(demoPapers).find((paper) => hasInlineMath(paper.abstract));

  const settings = (baseUrl: string): Record<string, unknown> => ({
    'paperReader.baseUrl': baseUrl,
    'paperReader.initialDate': demoDay,
    'paperReader.sortOrder': 'upvotes',
  });

  /** Runs one step; on failure saves a screenshot named after the step before rethrowing. */
  function step(name: string, body: () => Promise<void>): void {
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        if (workbench) {
          const file = path.join(failuresDir, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
          await saveScreenshot(workbench.page, file).then(
            () => artefacts.push(`failure screenshot: ${file}`),
            (screenshotError: unknown) => artefacts.push(`failure screenshot failed: ${String(screenshotError)}`),
          );
        }
        throw error;
      }
    });
  }

  async function startWorkbench(name: string, baseUrl: string): Promise<void> {
    server = await startCodeServer({ name, fresh: true, settings: settings(baseUrl) });
    artefacts.push(`code-server log (${name}): ${server.logPath}`);
    workbench = await openWorkbench(server.url, chromeProfileDir);
    page = workbench.page;
  }

  async function stopWorkbench(): Promise<void> {
    if (workbench) {
      if (workbench.blockedRequests.length > 0) {
        artefacts.push(`blocked non-loopback requests: ${workbench.blockedRequests.join(', ')}`);
      }
      await workbench.close();
      workbench = undefined;
    }
    await server?.stop();
    server = undefined;
  }

  async function stopApi(): Promise<void> {
    const running = api;
    api = undefined;
    await running?.close();
  }

  before(async () => {
    assert.ok(demoPaper, `fixture ${demoDay}.json has no paper ${demoArxivId}`);
    fs.rmSync(failuresDir, { recursive: true, force: true });
    api = await startApiServer({ fixturesDir, host: '127.0.0.1', port: 0 });
    apiUrl = api.url;
    await startWorkbench('e2e', apiUrl);
  });

  after(async () => {
    await stopWorkbench();
    await stopApi();
    console.log(`e2e artefacts:\n  ${artefacts.join('\n  ')}`);
  });

  step('Papers view opens', async () => {
    await openPapersView(page);
    await treeItem(page, demoDay).waitFor({ state: 'visible' });
    assert.equal(await treeItem(page, demoDay).getAttribute('aria-expanded'), 'true', `day ${demoDay} is not expanded`);
  });

  step('day lists papers by upvotes', async () => {
    const rows = await paperRowsUnderDay(page, demoDay);
    assert.deepEqual(
      rows.map((row) => row.label),
      expectedTitles,
    );

    const upvotes = rows.map((row) => Number(/▲\s*(\d+)/.exec(row.description)?.[1] ?? NaN));
    assert.deepEqual(upvotes, byUpvotes(demoPapers).map((paper) => paper.upvotes), 'upvote counts in the descriptions');
    for (let index = 1; index < upvotes.length; index++) {
      assert.ok(upvotes[index] <= upvotes[index - 1], `row ${index + 1} has more upvotes than the row above: ${upvotes.join(', ')}`);
    }
  });

  step('paper opens in webview', async () => {
    const paper = demoPaper!;
    const title = collapseWhitespace(paper.title);
    await treeItem(page, title).click();
    await editorTab(page, title).waitFor({ state: 'visible' });

    const frame = webviewFrame(page);
    await frame.locator('h1').waitFor({ state: 'visible' });
    assert.equal(collapseWhitespace((await frame.locator('h1').textContent()) ?? ''), title);

    const authors = collapseWhitespace((await frame.locator('.authors').textContent()) ?? '');
    for (const author of paper.authors.slice(0, 3)) {
      assert.ok(authors.includes(author.name), `.authors "${authors}" lacks ${author.name}`);
    }

    const abstract = collapseWhitespace((await frame.locator('.abstract').textContent()) ?? '');
    for (const word of plainWords(paper.abstract).slice(0, 8)) {
      assert.ok(abstract.includes(word), `.abstract "${abstract.slice(0, 120)}…" lacks "${word}"`);
    }

    for (const label of ['Copy BibTeX', 'Copy Link', 'Open PDF']) {
      await frame.getByRole('button', { name: label }).waitFor({ state: 'visible' });
    }
  });

  step('math renders with KaTeX', async () => {
    assert.ok(mathPaper, `no paper with $…$ math in its abstract in fixture ${demoDay}.json`);
    const title = collapseWhitespace(mathPaper.title);
    await treeItem(page, title).click();
    await editorTab(page, title).waitFor({ state: 'visible' });

    const frame = webviewFrame(page);
    await frame.locator('h1', { hasText: title.slice(0, 40) }).waitFor({ state: 'visible' });
    await frame.locator('.abstract .katex').first().waitFor({ state: 'visible' });
    assert.equal(await frame.locator('.katex-error').count(), 0, 'KaTeX reported a parse error in the abstract');
  });

  step('Copy BibTeX fills clipboard', async () => {
    const paper = demoPaper!;
    const title = collapseWhitespace(paper.title);

    // Copy BibTeX acts on the paper in the active panel, and the math step left another
    // paper active, so 2502.18858 is brought back first.
    await treeItem(page, title).click();
    await webviewFrame(page).locator('h1', { hasText: title.slice(0, 40) }).waitFor({ state: 'visible' });

    const placeholder = 'clipboard before Copy BibTeX';
    await writeClipboard(page, placeholder);
    await runCommand(page, 'Papers: Copy BibTeX');
    await page.waitForFunction(
      async (previous) => (await navigator.clipboard.readText()) !== previous,
      placeholder,
      { polling: 100 },
    );

    const clipboard = await readClipboard(page);
    assert.ok(clipboard.startsWith(demoCiteKeyPrefix), `clipboard starts with ${JSON.stringify(clipboard.slice(0, 60))}`);
    assert.equal(clipboard, toBibTeX(paper));
  });

  step('README screenshot saved', async () => {
    // Park the mouse away from the tree so no hover tooltip covers the screenshot.
    await page.mouse.move(1270, 790);
    await webviewFrame(page).locator('h1').waitFor({ state: 'visible' });
    artefacts.push(`README screenshot: ${await saveScreenshot(page, readmeScreenshot)}`);
  });

  step('panel restored after reload', async () => {
    const title = collapseWhitespace(demoPaper!.title);
    await page.reload();

    await editorTab(page, title).waitFor({ state: 'visible' });
    const heading = webviewFrame(page).locator('h1', { hasText: title.slice(0, 40) });
    await heading.waitFor({ state: 'visible' });
    assert.equal(collapseWhitespace((await heading.textContent()) ?? ''), title);
    await openPapersView(page);
  });

  step('refresh offline keeps papers', async () => {
    await stopApi();
    await runCommand(page, 'Papers: Refresh');

    await viewMessage(page).filter({ hasText: 'Offline' }).waitFor({ state: 'visible', timeout: offlineTimeoutMs });
    const rows = await paperRowsUnderDay(page, demoDay);
    assert.deepEqual(
      rows.map((row) => row.label),
      expectedTitles,
    );
  });

  step('empty cache shows welcome', async () => {
    await stopWorkbench();
    await startWorkbench('e2e-empty', apiUrl);
    await openPapersView(page);

    const welcome = welcomeContent(page).filter({ hasText: 'cannot reach' });
    await welcome.waitFor({ state: 'visible', timeout: offlineTimeoutMs });
    for (const label of ['Retry', 'Open Log', 'Look Up Paper…']) {
      await welcome.getByRole('button', { name: label }).waitFor({ state: 'visible' });
    }
  });
});
