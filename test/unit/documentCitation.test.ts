import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { citationCommand, citationEditAt, documentKind, findBibliographies } from '../../src/citations/documentCitation';

describe('documentKind', () => {
  test('by language id and extension', () => {
    assert.equal(documentKind('latex', 'a.tex'), 'latex');
    assert.equal(documentKind('plaintext', 'paper.tex'), 'latex');
    assert.equal(documentKind('markdown', 'notes.md'), 'markdown');
    assert.equal(documentKind('quarto', 'x.qmd'), 'markdown');
    assert.equal(documentKind('plaintext', 'notes.txt'), 'other');
  });
});

describe('citationCommand', () => {
  test('LaTeX and Markdown', () => {
    assert.equal(citationCommand('latex', 'zhan2025'), '\\cite{zhan2025}');
    assert.equal(citationCommand('markdown', 'zhan2025'), '[@zhan2025]');
  });
});

describe('findBibliographies', () => {
  test('bibliography with several files', () => {
    assert.deepEqual(findBibliographies('\\bibliography{refs, more.bib}', 'latex'), { files: ['refs.bib', 'more.bib'], biblatex: false });
  });

  test('addbibresource marks biblatex', () => {
    assert.deepEqual(findBibliographies('\\addbibresource[location=local]{lib/x.bib}', 'latex'), { files: ['lib/x.bib'], biblatex: true });
  });

  test('commented commands ignored', () => {
    assert.deepEqual(findBibliographies('% \\bibliography{old}\n50\\% done \\bibliography{new}', 'latex'), { files: ['new.bib'], biblatex: false });
  });

  test('front matter scalar', () => {
    assert.deepEqual(findBibliographies('---\ntitle: x\nbibliography: "refs.bib"\n---\n# Hi', 'markdown').files, ['refs.bib']);
  });

  test('front matter flow and block lists', () => {
    assert.deepEqual(findBibliographies('---\nbibliography: [a.bib, \'b.bib\']\n---\n', 'markdown').files, ['a.bib', 'b.bib']);
    assert.deepEqual(findBibliographies('---\nbibliography:\n  - a.bib\n  - b.bib\nlink-citations: true\n---\n', 'markdown').files, ['a.bib', 'b.bib']);
  });

  test('no front matter', () => {
    assert.deepEqual(findBibliographies('bibliography: a.bib\n', 'markdown').files, []);
  });
});

/** Applies Insert Citation of `key` at the `|` in `marked`, as the command would. */
function insertAtCursor(marked: string, kind: 'latex' | 'markdown', key = 'zhan2025'): string {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const edit = citationEditAt(text, offset, kind, key);
  return edit.kind === 'insert' ? text.slice(0, edit.offset) + edit.text + text.slice(edit.offset) : text;
}

describe('citationEditAt in LaTeX', () => {
  const cases: Array<[string, string]> = [
    ['see |.', 'see \\cite{zhan2025}.'],
    ['\\cite{smith2020|}', '\\cite{smith2020, zhan2025}'],
    ['\\cite{smi|th2020}', '\\cite{smith2020, zhan2025}'],
    ['\\cite{|smith2020}', '\\cite{zhan2025, smith2020}'],
    ['\\cite{a,|}', '\\cite{a, zhan2025}'],
    ['\\cite{a, |}', '\\cite{a, zhan2025}'],
    ['\\cite{a,| b}', '\\cite{a, zhan2025, b}'],
    ['\\cite{a,|b}', '\\cite{a, zhan2025, b}'],
    ['\\cite{a|, b}', '\\cite{a, zhan2025, b}'],
    ['\\cite{|}', '\\cite{zhan2025}'],
    ['\\citep[see][p. 3]{a, b|}', '\\citep[see][p. 3]{a, b, zhan2025}'],
    ['\\citep[se|e][p. 3]{a, b}', '\\citep[see][p. 3]{a, b, zhan2025}'],
    ['\\autocite{a|}', '\\autocite{a, zhan2025}'],
    ['\\parencite*{a|}', '\\parencite*{a, zhan2025}'],
    ['\\textcite{a|}', '\\textcite{a, zhan2025}'],
    ['\\citet{a|}', '\\citet{a, zhan2025}'],
    ['\\cite{a}|', '\\cite{a}\\cite{zhan2025}'],
    ['% \\cite{a|}', '% \\cite{a\\cite{zhan2025}}'],
    ['\\emph{a|}', '\\emph{a\\cite{zhan2025}}'],
    ['50\\% in \\cite{a|}', '50\\% in \\cite{a, zhan2025}'],
  ];
  for (const [marked, expected] of cases) {
    test(`cursor ${marked}`, () => {
      assert.equal(insertAtCursor(marked, 'latex'), expected);
    });
  }

  test('key already in the list', () => {
    assert.deepEqual(citationEditAt('\\cite{a, zhan2025}', 8, 'latex', 'zhan2025'), { kind: 'present' });
  });

  test('key in a commented cite still inserted', () => {
    assert.equal(citationEditAt('% \\cite{zhan2025}', 10, 'latex', 'zhan2025').kind, 'insert');
  });
});

describe('citationEditAt in Markdown', () => {
  const cases: Array<[string, string]> = [
    ['see |.', 'see [@zhan2025].'],
    ['[@smith2020|]', '[@smith2020; @zhan2025]'],
    ['[@smi|th2020]', '[@smith2020; @zhan2025]'],
    ['[|@smith2020]', '[@zhan2025; @smith2020]'],
    ['[@a; @b|]', '[@a; @b; @zhan2025]'],
    ['[@a;| @b]', '[@a; @zhan2025; @b]'],
    ['[@a, p. 3|; @b]', '[@a, p. 3; @zhan2025; @b]'],
    ['[see @a|]', '[see @a; @zhan2025]'],
    ['[@|]', '[@zhan2025]'],
    ['[@a; @|]', '[@a; @zhan2025]'],
    ['[@a;|]', '[@a; @zhan2025]'],
    ['[link|](https://example.org)', '[link[@zhan2025]](https://example.org)'],
    ['[mail me@example.org|]', '[mail me@example.org[@zhan2025]]'],
    ['[@a]|', '[@a][@zhan2025]'],
  ];
  for (const [marked, expected] of cases) {
    test(`cursor ${marked}`, () => {
      assert.equal(insertAtCursor(marked, 'markdown'), expected);
    });
  }

  test('key already in the list', () => {
    assert.deepEqual(citationEditAt('[@zhan2025; @b]', 14, 'markdown', 'zhan2025'), { kind: 'present' });
    assert.deepEqual(citationEditAt('[@{zhan2025}]', 12, 'markdown', 'zhan2025'), { kind: 'present' });
  });
});
