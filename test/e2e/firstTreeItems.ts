// Measures, in a real VS Code, the time from the extension's activation to the first paper
// on screen in the Trending view. Used by `npm run bench`, not by the tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startApiServer } from '../../src/demo/apiServer';
import { repoRoot, startCodeServer, testWorkDir } from './codeServer';
import { openPapersView, openWorkbench } from './workbench';

const ACTIVATION_PATTERN = /started at epoch ms (\d+)/;

function findFile(folder: string, name: string): string | undefined {
  if (!fs.existsSync(folder)) {
    return undefined;
  }
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) {
        return found;
      }
    } else if (entry.name === name) {
      return full;
    }
  }
  return undefined;
}

/** Reads the activation start that the extension writes to its log channel. */
function activationStart(instanceDir: string): number {
  const logFile = findFile(instanceDir, 'Paper Reader.log');
  const match = logFile ? ACTIVATION_PATTERN.exec(fs.readFileSync(logFile, 'utf8')) : null;
  if (!match) {
    throw new Error(`No activation line found in the Paper Reader log under ${instanceDir}.`);
  }
  return Number(match[1]);
}

/**
 * Starts code-server `runs` times with an empty cache and the fixture API, opens the Papers
 * view, and returns each run's milliseconds from activation to the first paper row.
 */
export async function measureFirstTreeItems(runs: number): Promise<number[]> {
  const api = await startApiServer({ fixturesDir: path.join(repoRoot, 'test', 'fixtures', 'daily_papers') });
  const results: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const server = await startCodeServer({
        name: 'bench',
        fresh: true,
        settings: { 'paperReader.baseUrl': api.url, 'paperReader.initialDate': '2025-03-12' },
      });
      const workbench = await openWorkbench(server.url, path.join(testWorkDir, 'bench-chrome'));
      try {
        await openPapersView(workbench.page);
        const firstPaper = workbench.page.locator('.part.sidebar').getByRole('treeitem', { name: /▲/ });
        await firstPaper.first().waitFor({ state: 'visible', timeout: 60_000 });
        const shownAt = Date.now();

        // The log file is written asynchronously; wait until it contains the activation line.
        let start: number | undefined;
        for (let attempt = 0; start === undefined; attempt++) {
          try {
            start = activationStart(server.instanceDir);
          } catch (error) {
            if (attempt >= 50) {
              throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        results.push(shownAt - start);
      } finally {
        await workbench.close();
        await server.stop();
      }
    }
  } finally {
    await api.close();
  }
  return results;
}
