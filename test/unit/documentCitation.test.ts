import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { citationCommand, documentKind, findBibliographies } from '../../src/citations/documentCitation';

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
