// Runs the generated entries through the real tools when they are installed: classic
// `bibtex` on a hand-written .aux file (no LaTeX run needed), and `biber --tool`, which
// reads and validates a .bib file on its own. Debian ships them in texlive-binaries
// (bibtex) and biber; without them the tests are skipped with the missing binary named.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import { toBibLaTeX } from '../../src/citations/biblatex';
import { toBibTeX } from '../../src/citations/bibtex';
import { citeKeyFromPattern, uniqueCiteKey } from '../../src/citations/citeKey';
import type { Paper } from '../../src/papers/model';
import { authorsNamed, paperBuilder, trialAndErrorPaper } from './builders';

function missingBinary(name: string): string | false {
  const result = spawnSync(name, ['--version'], { encoding: 'utf8' });
  return result.error ? `${name} is not installed (Debian: ${name === 'bibtex' ? 'texlive-binaries' : 'biber'})` : false;
}

const papers: Paper[] = [
  trialAndErrorPaper(),
  paperBuilder({
    arxivId: '2401.00001',
    title: 'Scaling $O(n^{2})$ & 100% of {Braced} snake_case #1',
    authors: authorsNamed('Jörg Däßler', 'Søren Ørsted', 'Łukasz Kaiser', '张三', 'Madonna', 'Research and Development Team'),
  }),
];

function keyedEntries(format: (paper: Paper, key: string) => string): { keys: string[]; text: string } {
  const keys: string[] = [];
  for (const paper of papers) {
    keys.push(uniqueCiteKey(citeKeyFromPattern(paper), keys));
  }
  return { keys, text: papers.map((paper, index) => format(paper, keys[index])).join('\n') };
}

async function withFolder(run: (folder: string) => Promise<void>): Promise<void> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-reader-bib-'));
  try {
    await run(folder);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

describe('compile generated entries', () => {
  test('bibtex reads the BibTeX entries', { skip: missingBinary('bibtex') }, async () => {
    await withFolder(async (folder) => {
      const { keys, text } = keyedEntries((paper, key) => toBibTeX(paper, { citeKey: key }));
      await fs.writeFile(path.join(folder, 'refs.bib'), text);
      await fs.writeFile(path.join(folder, 'doc.aux'), `${keys.map((key) => `\\citation{${key}}`).join('\n')}\n\\bibstyle{plain}\n\\bibdata{refs}\n`);

      const result = spawnSync('bibtex', ['doc'], { cwd: folder, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.doesNotMatch(result.stdout, /Warning|error/i);
      const bbl = await fs.readFile(path.join(folder, 'doc.bbl'), 'utf8');
      for (const key of keys) {
        assert.match(bbl, new RegExp(`\\\\bibitem\\{${key}\\}`));
      }
    });
  });

  test('biber validates the BibLaTeX entries', { skip: missingBinary('biber') }, async () => {
    await withFolder(async (folder) => {
      const { text } = keyedEntries(toBibLaTeX);
      await fs.writeFile(path.join(folder, 'refs.bib'), text);

      const result = spawnSync('biber', ['--tool', '--validate-datamodel', '--output-file', 'out.bib', 'refs.bib'], { cwd: folder, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.doesNotMatch(result.stdout + result.stderr, /ERROR|WARN/);
    });
  });
});
