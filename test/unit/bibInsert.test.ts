import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { findInBibliographies, planBibInsertion, type BibInsertPlan } from '../../src/citations/bibInsert';
import { parseBibTeX } from '../../src/citations/bibParser';
import { authorsNamed, paperBuilder } from './builders';

const paper = paperBuilder({
  arxivId: '2502.18858',
  title: 'Evaluating Intelligence via Trial and Error',
  authors: authorsNamed('Jingtao Zhan', 'Jiahao Zhao'),
  publishedAt: '2025-02-26T05:59:45.000Z',
  primaryCategory: 'cs.AI',
});
const KEY = 'zhan2025evaluatingintelligencetrialerror';

function plan(text: string, format: 'bibtex' | 'biblatex' = 'bibtex'): BibInsertPlan {
  return planBibInsertion(text, parseBibTeX(text), paper, { format });
}

/** Applies an append plan to `text`. */
function applied(text: string, result: BibInsertPlan): string {
  assert.equal(result.kind, 'append');
  if (result.kind !== 'append') {
    return text;
  }
  return text.slice(0, result.offset) + result.text + text.slice(result.offset);
}

const other = '@article{smith2020,\n  title = {Other Work},\n  author = {Jane Smith},\n  year = 2020\n}\n';

describe('planBibInsertion', () => {
  test('empty file gets the entry alone', () => {
    const result = plan('');
    assert.equal(result.kind, 'append');
    assert.equal(result.citeKey, KEY);
    assert.equal(applied('', result), result.kind === 'append' ? result.entry : '');
  });

  test('appends after a blank line', () => {
    const result = plan(other);
    const text = applied(other, result);
    assert.ok(text.startsWith(other), 'existing text unchanged');
    assert.match(text, /\}\n\n@misc\{zhan2025evaluatingintelligencetrialerror,\n/);
  });

  test('file without final newline', () => {
    const source = other.trimEnd();
    const text = applied(source, plan(source));
    assert.ok(text.startsWith(source));
    assert.equal(text.slice(source.length, source.length + 3), '\n\n@');
  });

  test('file ending in a blank line gets no extra one', () => {
    const source = `${other}\n`;
    const text = applied(source, plan(source));
    assert.equal(text.slice(source.length, source.length + 1), '@');
  });

  test('CRLF line endings kept', () => {
    const source = other.replace(/\n/g, '\r\n');
    const text = applied(source, plan(source));
    assert.ok(text.startsWith(source));
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/);
  });

  test('comment line kept', () => {
    const source = `% Bibliography for chapter 2\n${other}`;
    const result = plan(source);
    const text = applied(source, result);
    assert.ok(text.startsWith(source));
    assert.equal(parseBibTeX(text).entries.length, 2);
    assert.deepEqual(parseBibTeX(text).errors, []);
  });

  test('BibLaTeX entry for biblatex documents', () => {
    const result = plan(other, 'biblatex');
    assert.equal(result.kind, 'append');
    assert.match(result.kind === 'append' ? result.entry : '', /^@online\{/);
  });

  test('formatting of other entries untouched', () => {
    const odd = '@ARTICLE { Weird ,\n\tTitle="Tabs"  ,  year = 1999 }\n';
    const text = applied(odd, plan(odd));
    assert.equal(text.slice(0, odd.length), odd);
  });
});

describe('duplicate detection', () => {
  const duplicates: Array<[string, string]> = [
    ['eprint', '@misc{mine, title={T}, eprint={2502.18858}, archivePrefix={arXiv}}\n'],
    ['eprint with version', '@misc{mine, title={T}, eprint={2502.18858v2}}\n'],
    ['eprint with prefix', '@misc{mine, title={T}, eprint={arXiv:2502.18858v1}}\n'],
    ['DOI', '@article{mine, title={T}, doi={10.48550/arXiv.2502.18858}}\n'],
    ['DOI URL', '@article{mine, title={T}, doi={https://doi.org/10.48550/ARXIV.2502.18858}}\n'],
    ['abs URL with version', '@online{mine, title={T}, url={https://arxiv.org/abs/2502.18858v3}}\n'],
    ['PDF URL', '@online{mine, title={T}, url={http://arxiv.org/pdf/2502.18858}}\n'],
    ['Scholar journal field', '@article{mine, title={T}, journal={arXiv preprint arXiv:2502.18858}, year={2025}}\n'],
  ];
  for (const [name, source] of duplicates) {
    test(name, () => {
      assert.deepEqual(plan(source), { kind: 'present', citeKey: 'mine' });
    });
  }

  test('other paper is not a duplicate', () => {
    const source = '@misc{mine, title={T}, eprint={2502.18859}}\n';
    assert.equal(plan(source).kind, 'append');
  });

  test('duplicate found even in a file with errors', () => {
    const source = '@misc{mine, eprint={2502.18858}}\n@misc{broken, title={T} author={A}}\n';
    assert.deepEqual(plan(source), { kind: 'present', citeKey: 'mine' });
  });
});

describe('findInBibliographies', () => {
  const refs = { file: 'refs.bib', text: other };
  const empty = { file: 'empty.bib', text: '' };

  test('entry in the second file reused', () => {
    const more = { file: 'more.bib', text: '@misc{zhanTrial, doi={10.48550/arXiv.2502.18858}}\n' };
    assert.deepEqual(findInBibliographies([refs, more], '2502.18858v2'), { existing: { file: 'more.bib', key: 'zhanTrial' } });
  });

  test('first file wins when both have it', () => {
    const first = { file: 'a.bib', text: '@misc{first, eprint={2502.18858v1}}\n' };
    const second = { file: 'b.bib', text: '@online{second, url={https://arxiv.org/abs/2502.18858}}\n' };
    assert.deepEqual(findInBibliographies([first, second], '2502.18858'), { existing: { file: 'a.bib', key: 'first' } });
  });

  test('file with errors still searched', () => {
    const broken = { file: 'broken.bib', text: '@misc{broken, title={T} author={A}}\n@misc{mine, eprint={arXiv:2502.18858}}\n' };
    assert.deepEqual(findInBibliographies([refs, broken], '2502.18858'), { existing: { file: 'broken.bib', key: 'mine' } });
  });

  test('paper in no file needs a choice', () => {
    assert.deepEqual(findInBibliographies([refs, empty], '2502.18858'), { needsChoice: ['refs.bib', 'empty.bib'] });
  });

  test('no files needs a choice among none', () => {
    assert.deepEqual(findInBibliographies([], '2502.18858'), { needsChoice: [] });
  });
});

describe('cite key collisions', () => {
  test('same key for another paper gets a suffix', () => {
    const source = `@misc{${KEY}, title={Another Paper}, eprint={2401.00001}}\n`;
    const result = plan(source);
    assert.equal(result.citeKey, `${KEY}a`);
  });

  test('suffixes continue past taken ones', () => {
    const source = `@misc{${KEY}, eprint={2401.00001}}\n\n@misc{${KEY}a, eprint={2401.00002}}\n`;
    assert.equal(plan(source).citeKey, `${KEY}b`);
  });

  test('existing key never renamed', () => {
    const source = '@misc{MyOwnKey, eprint={2502.18858}}\n';
    assert.equal(plan(source).citeKey, 'MyOwnKey');
  });

  test('second insertion is stable', () => {
    const first = applied(other, plan(other));
    assert.deepEqual(plan(first), { kind: 'present', citeKey: KEY });
  });
});

describe('file with syntax errors', () => {
  test('missing comma leaves the file alone', () => {
    const source = '% refs\n@misc{a,\n  title={T}\n  author={X}\n}\n';
    const result = plan(source);
    assert.equal(result.kind, 'invalid');
    if (result.kind === 'invalid') {
      assert.equal(result.line, 4);
      assert.match(result.message, /author/);
      assert.match(result.entry, /^@misc\{zhan2025/);
    }
  });
});
