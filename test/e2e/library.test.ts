// End-to-end test of the saved list, read state and citations in a real VS Code
// (code-server) driven by Chromium, against the fixture Daily Papers server on 127.0.0.1.
// The steps save a paper from the Trending view and open it, which marks it read. After a
// window reload the paper is still saved and read. Then citations go into a LaTeX and a
// Markdown file of the workspace folder, and the test reads the saved files back from disk.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Page } from 'playwright-core';

import { ApiServer, startApiServer } from '../../src/demo/apiServer';
import { CodeServer, repoRoot, startCodeServer, testWorkDir } from './codeServer';
import {
  chooseContextMenuItem,
  contextMenuItem,
  dismissMenus,
  editorTab,
  openPapersView,
  openWorkbench,
  openWorkspaceFile,
  pickQuickPickItem,
  runCommandWithPick,
  saveScreenshot,
  treeItem,
  treeItemInView,
  webviewFrame,
  Workbench,
} from './workbench';

const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'daily_papers');
const demoDay = '2025-03-12';
const title = 'Evaluating Intelligence via Trial and Error';
const citeKey = 'zhan2025evaluatingintelligencetrialerror';
const workspaceDir = path.join(testWorkDir, 'lib-ws');
const chromeProfileDir = path.join(testWorkDir, 'chrome-lib');
const failuresDir = path.join(testWorkDir, 'failures');

const otherEntry = '% Shared references\n@article{smith2020,\n  title = {Other Work},\n  author = {Jane Smith},\n  year = 2020\n}\n';
const texSource = '\\documentclass{article}\n\\begin{document}\nTrial and error:\n\\bibliography{refs}\n\\end{document}\n';
const markdownSource = '---\ntitle: Notes\nbibliography: refs.bib\n---\n\nTrial and error: ';

/** Waits until `file` exists and its text satisfies `accept`; polls because the write happens in code-server. */
async function waitForFileText(file: string, accept: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (accept(last)) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`${file} did not reach the expected content in ${timeoutMs} ms; it has:\n${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('saved papers and citations in code-server', { timeout: 170_000 }, () => {
  let api: ApiServer | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let page: Page;
  const artefacts: string[] = [];

  function step(name: string, body: () => Promise<void>): void {
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        if (workbench) {
          const file = path.join(failuresDir, `library-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
          await saveScreenshot(workbench.page, file).then(
            () => artefacts.push(`failure screenshot: ${file}`),
            (screenshotError: unknown) => artefacts.push(`failure screenshot failed: ${String(screenshotError)}`),
          );
        }
        throw error;
      }
    });
  }

  /** Saves the active text editor with Ctrl+S after focusing its text. */
  async function saveActiveEditor(): Promise<void> {
    await page.locator('.part.editor .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+s');
  }

  /** Puts the cursor at the end of the active editor and runs Insert Citation for the demo paper. */
  async function insertCitationAtEnd(fileName: string): Promise<void> {
    await openWorkspaceFile(page, fileName);
    await page.locator('.part.editor .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await runCommandWithPick(page, 'Papers: Insert Citation');
    await pickQuickPickItem(page, title);
  }

  before(async () => {
    fs.rmSync(workspaceDir, { recursive: true, force: true });
    fs.mkdirSync(workspaceDir, { recursive: true });
    fs.writeFileSync(path.join(workspaceDir, 'refs.bib'), otherEntry);
    fs.writeFileSync(path.join(workspaceDir, 'paper.tex'), texSource);
    fs.writeFileSync(path.join(workspaceDir, 'notes.md'), markdownSource);

    api = await startApiServer({ fixturesDir, host: '127.0.0.1', port: 0 });
    server = await startCodeServer({
      name: 'lib',
      fresh: true,
      folder: workspaceDir,
      settings: { 'paperReader.baseUrl': api.url, 'paperReader.initialDate': demoDay, 'paperReader.sortOrder': 'upvotes' },
    });
    artefacts.push(`code-server log: ${server.logPath}`);
    workbench = await openWorkbench(server.url, chromeProfileDir);
    page = workbench.page;
  });

  after(async () => {
    if (workbench) {
      if (workbench.blockedRequests.length > 0) {
        artefacts.push(`blocked non-loopback requests: ${workbench.blockedRequests.join(', ')}`);
      }
      await workbench.close();
    }
    await server?.stop();
    await api?.close();
    console.log(`e2e artefacts:\n  ${artefacts.join('\n  ')}`);
  });

  step('save from the Trending view', async () => {
    await openPapersView(page);
    const item = treeItemInView(page, 'Trending', title);
    await item.waitFor({ state: 'visible' });

    await chooseContextMenuItem(page, item, 'Save');
    await treeItemInView(page, 'Saved', title).waitFor({ state: 'visible' });
  });

  step('opening the paper marks it read', async () => {
    await treeItemInView(page, 'Saved', title).click();
    await editorTab(page, title).waitFor({ state: 'visible' });
    await webviewFrame(page).locator('h1', { hasText: title }).waitFor({ state: 'visible' });
    await webviewFrame(page).getByRole('button', { name: 'Unsave' }).waitFor({ state: 'visible' });

    const markUnread = await contextMenuItem(page, treeItemInView(page, 'Saved', title), 'Mark as Unread');
    await markUnread.waitFor({ state: 'visible' });
    await dismissMenus(page);
  });

  step('reload keeps saved and read', async () => {
    await page.reload();
    await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    await openPapersView(page);

    const saved = treeItemInView(page, 'Saved', title);
    await saved.waitFor({ state: 'visible' });
    await (await contextMenuItem(page, saved, 'Mark as Unread')).waitFor({ state: 'visible' });
    await dismissMenus(page);

    const trending = treeItemInView(page, 'Trending', title);
    await trending.waitFor({ state: 'visible' });
    await (await contextMenuItem(page, trending, 'Unsave')).waitFor({ state: 'visible' });
    await dismissMenus(page);
    assert.ok(await treeItem(page, title).isVisible());

    await page.mouse.move(1270, 790);
    artefacts.push(`screenshot after reload: ${await saveScreenshot(page, path.join(testWorkDir, 'library-after-reload.png'))}`);
  });

  step('insert citation into LaTeX', async () => {
    await insertCitationAtEnd('paper.tex');
    await saveActiveEditor();

    const tex = await waitForFileText(path.join(workspaceDir, 'paper.tex'), (text) => text.includes(`\\cite{${citeKey}}`));
    assert.ok(tex.startsWith(texSource), 'the rest of paper.tex is unchanged');

    const bib = await waitForFileText(path.join(workspaceDir, 'refs.bib'), (text) => text.includes(`@misc{${citeKey},`));
    assert.ok(bib.startsWith(`${otherEntry}\n@misc{${citeKey},`), `refs.bib keeps its entry and gains one after a blank line:\n${bib}`);
    assert.equal(count(bib, 'eprint={2502.18858}'), 1);
  });

  step('insert citation into Markdown', async () => {
    await insertCitationAtEnd('notes.md');
    await saveActiveEditor();

    const markdown = await waitForFileText(path.join(workspaceDir, 'notes.md'), (text) => text.includes(`[@${citeKey}]`));
    assert.equal(markdown, `${markdownSource}[@${citeKey}]`);

    const bib = fs.readFileSync(path.join(workspaceDir, 'refs.bib'), 'utf8');
    assert.equal(count(bib, 'eprint={2502.18858}'), 1, 'the paper is not added twice');
  });
});
