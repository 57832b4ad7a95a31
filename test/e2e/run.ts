// Runs the end-to-end suites (`npm run test:e2e`) one file at a time, because each starts
// its own code-server and Chromium, and prints how long the run took.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const e2eDir = __dirname;
const testFiles = fs
  .readdirSync(e2eDir)
  .filter((name) => name.endsWith('.test.js'))
  .map((name) => path.join(e2eDir, name));

if (testFiles.length === 0) {
  console.error(`No *.test.js files in ${e2eDir}. Compile the tests first: npx tsc -p tsconfig.test.json`);
  process.exit(1);
}

const startedAt = Date.now();
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...testFiles], { stdio: 'inherit' });
const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
console.log(`e2e run: ${seconds} s, exit code ${result.status ?? result.signal}`);
process.exit(result.status ?? 1);
