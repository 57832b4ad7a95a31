import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { citeKey } from '../../src/citations/bibtex';
import { citeKeyFromPattern, DEFAULT_CITE_KEY_PATTERN, uniqueCiteKey, validateCiteKeyPattern } from '../../src/citations/citeKey';
import { toBibTeXFile } from '../../src/citations/formats';
import { authorsNamed, paperBuilder } from './builders';

const paper = paperBuilder({
  arxivId: '2502.18858',
  title: 'Evaluating Intelligence via Trial and Error',
  authors: authorsNamed('Jingtao Zhan', 'Jiahao Zhao'),
  publishedAt: '2025-02-26T05:59:45.000Z',
});

describe('citeKeyFromPattern', () => {
  test('default matches arXiv form', () => {
    assert.equal(citeKeyFromPattern(paper), 'zhan2025evaluatingintelligencetrialerror');
    assert.equal(citeKeyFromPattern(paper, DEFAULT_CITE_KEY_PATTERN), citeKey(paper));
  });

  test('default matches citeKey on varied papers', () => {
    const papers = [
      paperBuilder({ authors: authorsNamed('Jörg Däßler'), title: 'Ørsted Æther Łódź' }),
      paperBuilder({ authors: authorsNamed('张三'), title: 'Language Models' }),
      paperBuilder({ authors: [], title: '$x$ only' }),
      paperBuilder({ arxivId: 'hep-th/9901001', publishedAt: undefined }),
    ];
    for (const candidate of papers) {
      assert.equal(citeKeyFromPattern(candidate), citeKey(candidate), candidate.title);
    }
  });

  const cases: Array<[string, string]> = [
    ['[auth][year]', 'Zhan2025'],
    ['[auth:lower]_[year]', 'zhan_2025'],
    ['[auth][title:2]', 'Zhanevaluatingintelligence'],
    ['[auth:lower][year][shorttitle]', 'zhan2025EvaluatingIntelligenceTrial'],
    ['arXiv:[arxivId]', 'arXiv:2502.18858'],
    ['[auth] [year]!', 'Zhan2025'],
  ];
  for (const [pattern, expected] of cases) {
    test(`pattern ${pattern}`, () => {
      assert.equal(citeKeyFromPattern(paper, pattern), expected);
    });
  }

  test('keys are ASCII', () => {
    const accented = paperBuilder({ authors: authorsNamed('Łukasz Ørsted-Däßler'), title: 'Über Straße' });
    assert.match(citeKeyFromPattern(accented, '[auth][year][shorttitle]'), /^[\x21-\x7e]+$/);
    assert.equal(citeKeyFromPattern(accented, '[auth][shorttitle]'), 'OrsteddasslerUberStrasse');
  });

  test('deterministic', () => {
    assert.equal(citeKeyFromPattern(paper, '[auth][year][title:3]'), citeKeyFromPattern({ ...paper }, '[auth][year][title:3]'));
  });

  test('empty result falls back to the id', () => {
    assert.equal(citeKeyFromPattern(paperBuilder({ title: '$x$', arxivId: '2401.00001' }), '[title:2]'), 'arxiv240100001');
  });

  test('invalid patterns rejected', () => {
    assert.match(validateCiteKeyPattern('[author]') ?? '', /\[author\] is not a field/);
    assert.match(validateCiteKeyPattern('[title]') ?? '', /word count/);
    assert.match(validateCiteKeyPattern('[title:0]') ?? '', /word count/);
    assert.match(validateCiteKeyPattern('[year:2]') ?? '', /takes no argument/);
    assert.match(validateCiteKeyPattern('[auth:upper]') ?? '', /\[auth:upper\]/);
    assert.equal(validateCiteKeyPattern(DEFAULT_CITE_KEY_PATTERN), undefined);
  });
});

describe('uniqueCiteKey', () => {
  test('free key unchanged', () => {
    assert.equal(uniqueCiteKey('zhan2025', ['other']), 'zhan2025');
  });

  test('collisions get letters', () => {
    assert.equal(uniqueCiteKey('zhan2025', ['zhan2025']), 'zhan2025a');
    assert.equal(uniqueCiteKey('zhan2025', ['zhan2025', 'zhan2025a']), 'zhan2025b');
  });

  test('collision ignores case', () => {
    assert.equal(uniqueCiteKey('Zhan2025', ['zhan2025']), 'Zhan2025a');
  });

  test('suffix after z', () => {
    const taken = ['k', ...'abcdefghijklmnopqrstuvwxyz'.split('').map((letter) => `k${letter}`)];
    assert.equal(uniqueCiteKey('k', taken), 'kaa');
  });
});

describe('toBibTeXFile', () => {
  test('colliding papers get suffixed keys', () => {
    const first = paperBuilder({ arxivId: '2401.00001', title: 'Same Title', authors: authorsNamed('Ada Lovelace') });
    const second = paperBuilder({ arxivId: '2401.00002', title: 'Same Title', authors: authorsNamed('Ada Lovelace') });
    const third = paperBuilder({ arxivId: '2401.00003', title: 'Same Title', authors: authorsNamed('Ada Lovelace') });
    const text = toBibTeXFile([first, second, third], DEFAULT_CITE_KEY_PATTERN);

    const keys = [...text.matchAll(/^@misc\{([^,]+),/gm)].map((match) => match[1]);
    assert.deepEqual(keys, ['lovelace2024sametitle', 'lovelace2024sametitlea', 'lovelace2024sametitleb']);
    assert.match(text, /\}\n\n@misc/);
  });

  test('same papers give the same file', () => {
    assert.equal(toBibTeXFile([paper], DEFAULT_CITE_KEY_PATTERN), toBibTeXFile([{ ...paper }], DEFAULT_CITE_KEY_PATTERN));
  });
});
