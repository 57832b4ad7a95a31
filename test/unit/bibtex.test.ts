import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { citeKey, hasBalancedBraces, latexEscape, toBibTeX } from '../../src/citations/bibtex';
import { authorsNamed, paperBuilder, trialAndErrorPaper } from './builders';

const trialAndError = trialAndErrorPaper();

describe('toBibTeX', () => {
  test('full entry for 2502.18858', () => {
    const expected = [
      '@misc{zhan2025evaluatingintelligencetrialerror,',
      '  title={Evaluating Intelligence via Trial and Error},',
      '  author={Jingtao Zhan and Jiahao Zhao and Jiayu Li and Yiqun Liu and Bo Zhang and ' +
        'Qingyao Ai and Jiaxin Mao and Hongning Wang and Min Zhang and Shaoping Ma},',
      '  year={2025},',
      '  eprint={2502.18858},',
      '  archivePrefix={arXiv},',
      '  primaryClass={cs.AI},',
      '  url={https://arxiv.org/abs/2502.18858},',
      '}',
      '',
    ].join('\n');
    assert.equal(toBibTeX(trialAndError), expected);
  });

  test('primaryClass omitted when unknown', () => {
    const entry = toBibTeX({ ...trialAndError, primaryCategory: undefined });
    assert.doesNotMatch(entry, /primaryClass/);
    assert.match(entry, /archivePrefix=\{arXiv\},\n  url=/);
  });

  test('custom cite key', () => {
    const entry = toBibTeX(trialAndError, { citeKey: 'Zhan:2025-trial' });
    assert.ok(entry.startsWith('@misc{Zhan:2025-trial,\n'));
  });

  test('invalid custom cite key rejected', () => {
    assert.throws(() => toBibTeX(trialAndError, { citeKey: 'has space' }), /Invalid cite key/);
    assert.throws(() => toBibTeX(trialAndError, { citeKey: 'a,b' }), /Invalid cite key/);
    assert.throws(() => toBibTeX(trialAndError, { citeKey: '' }), /Invalid cite key/);
  });

  test('eprint drops version', () => {
    const entry = toBibTeX(paperBuilder({ arxivId: '2502.18858v3' }));
    assert.match(entry, /eprint=\{2502\.18858\},/);
    assert.match(entry, /url=\{https:\/\/arxiv\.org\/abs\/2502\.18858\},/);
  });

  test('year is UTC year of publishedAt', () => {
    const entry = toBibTeX(paperBuilder({ publishedAt: '2024-12-31T23:30:00-02:00' }));
    assert.match(entry, /year=\{2025\},/);
  });

  test('year from new-style arXiv id', () => {
    const paper = paperBuilder({ arxivId: '2312.00752', publishedAt: undefined });
    assert.match(toBibTeX(paper), /year=\{2023\},/);
    assert.ok(citeKey(paper).startsWith('lovelace2023'));
  });

  test('year from old-style arXiv id', () => {
    const paper = paperBuilder({ arxivId: 'hep-th/9901001', publishedAt: undefined });
    assert.match(toBibTeX(paper), /year=\{1999\},/);
  });

  test('year omitted when unknown', () => {
    const paper = paperBuilder({ arxivId: 'not-an-id', publishedAt: undefined });
    assert.doesNotMatch(toBibTeX(paper), /year=/);
  });

  test('author field omitted without authors', () => {
    assert.doesNotMatch(toBibTeX(paperBuilder({ authors: [] })), /author=/);
  });

  test('author name containing and is braced', () => {
    const paper = paperBuilder({ authors: authorsNamed('Alice Smith', 'Research and Development Team') });
    assert.match(toBibTeX(paper), /author=\{Alice Smith and \{Research and Development Team\}\},/);
  });

  test('accented authors', () => {
    const paper = paperBuilder({ authors: authorsNamed('Jörg Däßler', 'Łukasz Kaiser') });
    assert.match(toBibTeX(paper), /author=\{J\{\\"o\}rg D\{\\"a\}\{\\ss\}ler and \{\\L\}ukasz Kaiser\},/);
  });

  test('title whitespace collapsed', () => {
    const entry = toBibTeX(paperBuilder({ title: '  Line\n  wrapped\ttitle ' }));
    assert.match(entry, /title=\{Line wrapped title\},/);
  });

  test('title keeps math verbatim', () => {
    const entry = toBibTeX(paperBuilder({ title: 'Scaling $O(n^{2})$ Attention' }));
    assert.match(entry, /title=\{Scaling \$O\(n\^\{2\}\)\$ Attention\},/);
  });
});

describe('citeKey', () => {
  const cases: Array<{ name: string; title: string; authors: string[]; expected: string }> = [
    {
      name: 'stop words dropped',
      title: 'Evaluating Intelligence via Trial and Error',
      authors: ['Jingtao Zhan'],
      expected: 'zhan2024evaluatingintelligencetrialerror',
    },
    {
      name: 'leading stop words',
      title: 'On the Importance of Being Earnest with Transformers',
      authors: ['Ada Lovelace'],
      expected: 'lovelace2024importancebeingearnesttransformers',
    },
    {
      name: 'hyphens joined',
      title: 'Pre-training Vision-Language Models at Scale',
      authors: ['Ada Lovelace'],
      expected: 'lovelace2024pretrainingvisionlanguagemodelsscale',
    },
    {
      name: 'math dropped',
      title: 'Scaling $O(n^{2})$ Attention to Long Sequences',
      authors: ['Ada Lovelace'],
      expected: 'lovelace2024scalingattentionlongsequences',
    },
    {
      name: 'digit-only words dropped',
      title: '100 Days of 3D Gaussian Splatting',
      authors: ['Ada Lovelace'],
      expected: 'lovelace2024days3dgaussiansplatting',
    },
    {
      name: 'punctuation removed',
      title: "GPT-4o: What's Next? (A Study)",
      authors: ['Ada Lovelace'],
      expected: 'lovelace2024gpt4owhatsnextstudy',
    },
    {
      name: 'accented surname',
      title: 'Deep Learning',
      authors: ['Jörg Däßler'],
      expected: 'dassler2024deeplearning',
    },
    {
      name: 'special letters transliterated',
      title: 'Ørsted Æther Łódź',
      authors: ['Đorđe Søreide-Łaba'],
      expected: 'soreidelaba2024orstedaetherlodz',
    },
    {
      name: 'single-word name',
      title: 'Attention',
      authors: ['Madonna'],
      expected: 'madonna2024attention',
    },
    {
      name: 'CJK name',
      title: 'Language Models',
      authors: ['张三'],
      expected: 'arxiv2024languagemodels',
    },
    {
      name: 'CJK suffix skipped',
      title: 'Language Models',
      authors: ['San Zhang 张三'],
      expected: 'zhang2024languagemodels',
    },
    {
      name: 'no authors',
      title: 'Language Models',
      authors: [],
      expected: 'arxiv2024languagemodels',
    },
    {
      name: 'title with only stop words',
      title: 'What Is It?',
      authors: ['Ada Lovelace'],
      expected: 'lovelace2024',
    },
    {
      name: 'TeX command outside math',
      title: '\\textsc{Bert} Revisited',
      authors: ['Ada Lovelace'],
      expected: 'lovelace2024bertrevisited',
    },
  ];

  for (const { name, title, authors, expected } of cases) {
    test(name, () => {
      assert.equal(citeKey(paperBuilder({ title, authors: authorsNamed(...authors) })), expected);
    });
  }

  test('never empty and only [a-z0-9]', () => {
    const paper = paperBuilder({
      arxivId: 'unknown',
      publishedAt: undefined,
      title: '$x$ ?? 123',
      authors: authorsNamed('???'),
    });
    assert.equal(citeKey(paper), 'arxiv');
  });

  test('keys of nasty titles are clean', () => {
    for (const title of NASTY_TITLES) {
      const key = citeKey(paperBuilder({ title, authors: authorsNamed('Émile Ñúñez-Ørsted') }));
      assert.match(key, /^[a-z0-9]+$/, title);
    }
  });
});

describe('latexEscape', () => {
  const specials: Array<[string, string]> = [
    ['A & B', 'A \\& B'],
    ['50% off', '50\\% off'],
    ['#1 model', '\\#1 model'],
    ['snake_case', 'snake\\_case'],
    ['{braced}', '\\{braced\\}'],
    ['a ~ b', 'a \\textasciitilde{} b'],
    ['x ^ y', 'x \\textasciicircum{} y'],
    ['back\\slash', 'back\\textbackslash{}slash'],
    ['costs $5 and $10', 'costs \\$5 and \\$10'],
  ];
  for (const [input, expected] of specials) {
    test(`escapes ${JSON.stringify(input)}`, () => {
      assert.equal(latexEscape(input), expected);
    });
  }

  test('lone braces use text commands', () => {
    assert.equal(latexEscape('a { b'), 'a \\textbraceleft{} b');
    assert.equal(latexEscape('a } b'), 'a \\textbraceright{} b');
    assert.equal(latexEscape('} {'), '\\textbraceright{} \\textbraceleft{}');
  });

  test('already escaped specials kept', () => {
    assert.equal(latexEscape('100\\% and R\\&D'), '100\\% and R\\&D');
  });

  test('inline math kept', () => {
    assert.equal(latexEscape('Scaling $O(n^{2})$ Attention'), 'Scaling $O(n^{2})$ Attention');
    assert.equal(latexEscape('the \\(\\alpha_1\\) rule'), 'the \\(\\alpha_1\\) rule');
    assert.equal(latexEscape('$\\mathcal{L}$ & $x_i$'), '$\\mathcal{L}$ \\& $x_i$');
  });

  test('unbalanced math escaped as text', () => {
    assert.equal(latexEscape('bad $x^{2$ math'), 'bad \\$x\\textasciicircum{}\\textbraceleft{}2\\$ math');
    assert.equal(latexEscape('bad $x}$ math'), 'bad \\$x\\textbraceright{}\\$ math');
  });

  test('math with percent escaped as text', () => {
    assert.equal(latexEscape('$50%$'), '\\$50\\%\\$');
  });

  test('display math escaped as text', () => {
    assert.equal(latexEscape('$$x$$'), '\\$\\$x\\$\\$');
  });

  test('accents', () => {
    const cases: Array<[string, string]> = [
      ['Jörg Däßler', 'J{\\"o}rg D{\\"a}{\\ss}ler'],
      ['é', "{\\'e}"],
      ['è', '{\\`e}'],
      ['ê', '{\\^e}'],
      ['ø', '{\\o}'],
      ['Ø', '{\\O}'],
      ['Ł', '{\\L}'],
      ['ł', '{\\l}'],
      ['ç', '{\\c{c}}'],
      ['ñ', '{\\~n}'],
      ['š', '{\\v{s}}'],
      ['å', '{\\aa}'],
      ['Å', '{\\AA}'],
      ['æ', '{\\ae}'],
      ['ő', '{\\H{o}}'],
      ['ą', '{\\k{a}}'],
      ['ā', '{\\=a}'],
      ['ż', '{\\.z}'],
      ['ă', '{\\u{a}}'],
      ['ệ', '{\\^{\\d{e}}}'],
      ['ı', '{\\i}'],
    ];
    for (const [input, expected] of cases) {
      assert.equal(latexEscape(input), expected, input);
    }
  });

  test('decomposed input composed first', () => {
    assert.equal(latexEscape('Jo\u0308rg'), 'J{\\"o}rg');
  });

  test('CJK kept as UTF-8', () => {
    assert.equal(latexEscape('张三 & 李四'), '张三 \\& 李四');
  });

  test('typographic punctuation', () => {
    assert.equal(latexEscape('A–B — “quoted” it’s…'), "A--B --- ``quoted'' it's{\\ldots}");
  });

  test('balanced braces on nasty titles', () => {
    for (const title of NASTY_TITLES) {
      const escaped = latexEscape(title);
      assert.ok(hasBalancedBraces(escaped), `${title} → ${escaped}`);
      const entry = toBibTeX(paperBuilder({ title, authors: authorsNamed(title) }));
      assert.ok(hasBalancedBraces(entry), `entry for ${title}`);
    }
  });
});

describe('hasBalancedBraces', () => {
  test('balanced', () => {
    assert.equal(hasBalancedBraces(''), true);
    assert.equal(hasBalancedBraces('{a{b}c}'), true);
    assert.equal(hasBalancedBraces('\\{x\\}'), true);
  });

  test('unbalanced', () => {
    assert.equal(hasBalancedBraces('{'), false);
    assert.equal(hasBalancedBraces('}{'), false);
    assert.equal(hasBalancedBraces('\\{'), false);
    assert.equal(hasBalancedBraces('{a}}'), false);
  });
});

const NASTY_TITLES = [
  '}{',
  '{{{',
  '}}}',
  '\\',
  '\\}',
  '\\{',
  'a\\',
  '$',
  '$$',
  '$}$',
  '${$',
  '$\\{$',
  '$x$}',
  '\\(x}\\)',
  '\\(',
  '$a$ $b$ $c',
  '% comment }',
  '$a % b}$',
  'end with backslash \\',
  'Scaling $O(n^{2})$ Attention',
  'Ünïcödé {Brace} $\\frac{1}{2}$ & 100% #1 _x_ ~ ^',
  '"><img src=x onerror=alert(1)>',
  '\\textbf{bold} and \\emph{it',
];
