// End-to-end test of the language server in a real VS Code (code-server) driven by
// Chromium. A hover over an arXiv id in a Markdown file shows the paper's title, fetched
// from the fixture API on 127.0.0.1, and completion inside `\cite{` in a LaTeX file offers
// the cite key of the workspace's .bib file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Page } from 'playwright-core';

import { ApiServer, startApiServer } from '../../src/demo/apiServer';
import { CodeServer, repoRoot, startCodeServer, testWorkDir } from './codeServer';
import { openWorkbench, openWorkspaceFile, saveScreenshot, Workbench } from './workbench';

const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'daily_papers');
const title = 'Evaluating Intelligence via Trial and Error';
const citeKey = 'zhan2025evaluatingintelligencetrialerror';
const workspaceDir = path.join(testWorkDir, 'lsp-ws');
const chromeProfileDir = path.join(testWorkDir, 'chrome-lsp');
const failuresDir = path.join(testWorkDir, 'failures');

const bibSource = `@misc{${citeKey},\n  title={${title}},\n  author={Jingtao Zhan and Jiahao Zhao},\n  year={2025},\n  eprint={2502.18858},\n  archivePrefix={arXiv},\n}\n`;
const markdownSource = '# Reading notes\n\narXiv:2502.18858\n';
const texSource = '\\documentclass{article}\n\\begin{document}\nTrial and error \\cite{zh\n\\bibliography{refs}\n\\end{document}\n';

describe('language server in code-server', { timeout: 150_000 }, () => {
  let api: ApiServer | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let page: Page;

  function step(name: string, body: () => Promise<void>): void {
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        if (workbench) {
          const file = path.join(failuresDir, `language-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
          await saveScreenshot(workbench.page, file).catch(() => undefined);
        }
        throw error;
      }
    });
  }

  /** Reads the active editor's rendered lines, with Monaco's non-breaking spaces made plain. */
  async function editorText(): Promise<string> {
    const text = await page.locator('.part.editor .monaco-editor .view-lines').first().innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  before(async () => {
    fs.rmSync(workspaceDir, { recursive: true, force: true });
    fs.mkdirSync(workspaceDir, { recursive: true });
    fs.writeFileSync(path.join(workspaceDir, 'refs.bib'), bibSource);
    fs.writeFileSync(path.join(workspaceDir, 'notes.md'), markdownSource);
    fs.writeFileSync(path.join(workspaceDir, 'paper.tex'), texSource);

    api = await startApiServer({ fixturesDir, host: '127.0.0.1', port: 0 });
    server = await startCodeServer({
      name: 'lsp',
      fresh: true,
      folder: workspaceDir,
      settings: {
        'paperReader.baseUrl': api.url,
        'paperReader.initialDate': '2025-03-12',
        // A generous limit keeps the first hover from returning "Looking up…" on a busy machine.
        'paperReader.languageServer.hoverTimeoutMs': 20_000,
      },
    });
    workbench = await openWorkbench(server.url, chromeProfileDir);
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await api?.close();
  });

  step('hover shows paper title', async () => {
    await openWorkspaceFile(page, 'notes.md');

    const reference = page.locator('.part.editor .view-lines span', { hasText: /^arXiv:2502\.18858$/ }).first();
    await reference.waitFor({ state: 'visible' });

    // The hover appears only after the language client has started, so hover again
    // until it does instead of waiting a fixed time.
    const hover = page.locator('.monaco-hover', { hasText: title }).first();
    const deadline = Date.now() + 60_000;
    while (!(await hover.isVisible())) {
      assert.ok(Date.now() < deadline, 'no hover with the paper title appeared within 60 s');
      await page.mouse.move(0, 0);
      await reference.hover();
      await hover.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
    }

    const text = await hover.innerText();
    assert.match(text, /Jingtao Zhan/);
  });

  step('cite completion offers bib key', async () => {
    await openWorkspaceFile(page, 'paper.tex');

    const line = page.locator('.part.editor .view-line', { hasText: 'Trial and error' }).first();
    await line.waitFor({ state: 'visible' });
    await line.click();
    await page.keyboard.press('End');

    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: citeKey }).first();
    const deadline = Date.now() + 60_000;
    while (!(await suggestion.isVisible())) {
      assert.ok(Date.now() < deadline, `no completion item ${citeKey} appeared within 60 s`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
      await suggestion.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
    }

    await suggestion.click();
    await page.waitForFunction(
      (key) => document.querySelector('.part.editor .monaco-editor .view-lines')?.textContent?.includes(`\\cite{${key}`) ?? false,
      citeKey,
    );
    assert.match(await editorText(), new RegExp(`\\\\cite\\{${citeKey}`));
  });
});
