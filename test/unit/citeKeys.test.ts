import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { citeCompletionContext, findCiteKeys } from '../../src/server/citeKeys';

function keys(text: string, languageId = 'latex'): string[] {
  return findCiteKeys(text, languageId).map((occurrence) => `${occurrence.syntax}:${text.slice(occurrence.start, occurrence.end)}`);
}

describe('findCiteKeys', () => {
  test('cite command family', () => {
    const text = '\\cite{a} \\citep{b} \\citet*{c} \\autocite{d} \\parencite{e} \\textcite{f} \\Textcite{g} \\nocite{h}';
    assert.deepEqual(keys(text), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((key) => `latex:${key}`));
  });

  test('optional arguments and several keys', () => {
    assert.deepEqual(keys('\\citep[see][p.~3]{one, two ,three}'), ['latex:one', 'latex:two', 'latex:three']);
    assert.deepEqual(keys('\\cite{a,\n  b}'), ['latex:a', 'latex:b']);
  });

  test('LaTeX comments are skipped', () => {
    assert.deepEqual(keys('% \\cite{hidden}\n50\\% \\cite{shown}'), ['latex:shown']);
    assert.deepEqual(keys('% \\cite{kept}', 'markdown'), ['latex:kept']);
  });

  test('half-written commands have no keys', () => {
    assert.deepEqual(keys('\\cite{'), []);
    assert.deepEqual(keys('\\cite{a,'), []);
    assert.deepEqual(keys('\\cite{,}'), []);
  });

  test('Pandoc citations only in Markdown', () => {
    const text = 'See [@doe2020, p. 3; -@roe:2021] and @smith.jones. Mail a@b.com or @{odd key}.';
    assert.deepEqual(keys(text, 'markdown'), ['pandoc:doe2020', 'pandoc:roe:2021', 'pandoc:smith.jones']);
    assert.deepEqual(keys(text, 'plaintext'), []);
  });

  test('none in BibTeX', () => {
    assert.deepEqual(keys('@misc{a, note = {\\cite{b}}}', 'bibtex'), []);
  });
});

describe('citeCompletionContext', () => {
  test('inside an open cite command', () => {
    const text = '\\citep[see]{alpha, be';
    assert.deepEqual(citeCompletionContext(text, text.length, 'latex'), { syntax: 'latex', start: text.length - 2, end: text.length, prefix: 'be' });
  });

  test('key after the cursor is replaced', () => {
    const text = '\\cite{vaswani}';
    assert.deepEqual(citeCompletionContext(text, 8, 'latex'), { syntax: 'latex', start: 6, end: 13, prefix: 'va' });
  });

  test('Pandoc after [@', () => {
    const text = 'As shown [@sm';
    assert.deepEqual(citeCompletionContext(text, text.length, 'markdown'), { syntax: 'pandoc', start: text.length - 2, end: text.length, prefix: 'sm' });
  });

  test('not after an e-mail @ or outside commands', () => {
    assert.equal(citeCompletionContext('mail a@b', 8, 'markdown'), undefined);
    assert.equal(citeCompletionContext('\\cite{a} b', 10, 'latex'), undefined);
    assert.equal(citeCompletionContext('[@x', 3, 'plaintext'), undefined);
    assert.equal(citeCompletionContext('% \\cite{', 8, 'latex'), undefined);
  });
});
