import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';

import { toBibLaTeX } from '../../src/citations/biblatex';
import { toBibTeX } from '../../src/citations/bibtex';
import { citeKeyFromPattern } from '../../src/citations/citeKey';
import { toCslItem, toCslJson } from '../../src/citations/csl';
import { CITATION_FORMATS, formatCitation, toMarkdownLink } from '../../src/citations/formats';
import { splitName } from '../../src/citations/names';
import { toRis } from '../../src/citations/ris';
import { formatReference, setCslStyleDirectory, UnsupportedStyleError } from '../../src/citations/styles';
import type { Paper } from '../../src/papers/model';
import { authorsNamed, paperBuilder, trialAndErrorPaper } from './builders';

const trialAndError = trialAndErrorPaper();
const KEY = 'zhan2025evaluatingintelligencetrialerror';
const AUTHOR_LIST =
  'Jingtao Zhan and Jiahao Zhao and Jiayu Li and Yiqun Liu and Bo Zhang and Qingyao Ai and Jiaxin Mao and Hongning Wang and Min Zhang and Shaoping Ma';

const hardTitles = [
  'Scaling $O(n^{2})$ Attention with $\\alpha_1$ Loss',
  'Research & Development: 100% Sure',
  'snake_case and #hashtags',
  'A {Braced} Title with } stray { braces',
  'The \\textit{Italic} ~ Tilde ^ Caret',
];

const hardAuthors = authorsNamed('Jörg Däßler', 'Søren Ørsted', 'Łukasz Kaiser', '张三', 'Madonna', 'Ludwig van Beethoven', 'Research and Development Team');

// @retorquere/bibtex-parser is an ES module; a Function keeps tsc from turning import() into require().
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
type BibParser = {
  parse(text: string, options?: { sentenceCase?: false; english?: false }): {
    errors: unknown[];
    entries: Array<{ key: string; type: string; fields: Record<string, unknown> }>;
  };
};
let bibParser: BibParser;

before(async () => {
  bibParser = (await importModule('@retorquere/bibtex-parser')) as BibParser;
});

/** Parses one entry with @retorquere/bibtex-parser and returns it, failing on any error. */
function parseOne(text: string) {
  // Sentence-casing is off: it would change the titles being compared.
  const result = bibParser.parse(text, { sentenceCase: false, english: false });
  assert.deepEqual(result.errors, [], text);
  assert.equal(result.entries.length, 1, text);
  return result.entries[0];
}

function parsedAuthors(entry: { fields: Record<string, unknown> }): string[] {
  const authors = entry.fields.author as Array<{ firstName?: string; lastName?: string; name?: string; prefix?: string }>;
  const names = authors.map((author) => author.name ?? [author.firstName, author.prefix, author.lastName].filter(Boolean).join(' '));
  return names.map((name) => name.normalize('NFC'));
}

describe('formats for 2502.18858', () => {
  test('BibLaTeX entry', () => {
    const expected = [
      `@online{${KEY},`,
      `  author = {${AUTHOR_LIST}},`,
      '  title = {Evaluating Intelligence via Trial and Error},',
      '  date = {2025-02-26},',
      '  eprint = {2502.18858},',
      '  eprinttype = {arxiv},',
      '  eprintclass = {cs.AI},',
      '  doi = {10.48550/arXiv.2502.18858},',
      '  url = {https://arxiv.org/abs/2502.18858},',
      '}',
      '',
    ].join('\n');
    assert.equal(toBibLaTeX(trialAndError, KEY), expected);
  });

  test('BibLaTeX without category omits eprintclass', () => {
    assert.doesNotMatch(toBibLaTeX({ ...trialAndError, primaryCategory: undefined }, KEY), /eprintclass/);
  });

  test('CSL-JSON item', () => {
    const [item] = JSON.parse(toCslJson(trialAndError, KEY));
    assert.equal(item.id, KEY);
    assert.equal(item.type, 'article');
    assert.equal(item.title, 'Evaluating Intelligence via Trial and Error');
    assert.equal(item.author.length, 10);
    assert.deepEqual(item.author[0], { family: 'Zhan', given: 'Jingtao' });
    assert.deepEqual(item.author[9], { family: 'Ma', given: 'Shaoping' });
    assert.deepEqual(item.issued, { 'date-parts': [[2025, 2, 26]] });
    assert.equal(item.DOI, '10.48550/arXiv.2502.18858');
    assert.equal(item.URL, 'https://arxiv.org/abs/2502.18858');
    assert.equal(item.number, 'arXiv:2502.18858');
    assert.equal(item.publisher, 'arXiv');
  });

  test('RIS record', () => {
    const expected = [
      'TY  - UNPB',
      `ID  - ${KEY}`,
      'TI  - Evaluating Intelligence via Trial and Error',
      'AU  - Zhan, Jingtao',
      'AU  - Zhao, Jiahao',
      'AU  - Li, Jiayu',
      'AU  - Liu, Yiqun',
      'AU  - Zhang, Bo',
      'AU  - Ai, Qingyao',
      'AU  - Mao, Jiaxin',
      'AU  - Wang, Hongning',
      'AU  - Zhang, Min',
      'AU  - Ma, Shaoping',
      'PY  - 2025',
      'DA  - 2025/02/26',
      'PB  - arXiv',
      'M1  - arXiv:2502.18858',
      'DO  - 10.48550/arXiv.2502.18858',
      'UR  - https://arxiv.org/abs/2502.18858',
      'AB  - A short abstract written for tests.',
      'ER  - ',
      '',
    ].join('\n');
    assert.equal(toRis(trialAndError, KEY), expected);
  });

  test('Markdown link', () => {
    assert.equal(toMarkdownLink(trialAndError), '[Evaluating Intelligence via Trial and Error](https://arxiv.org/abs/2502.18858)');
  });

  test('APA 7 reference', () => {
    assert.equal(
      formatReference(trialAndError, 'apa', KEY),
      'Zhan, J., Zhao, J., Li, J., Liu, Y., Zhang, B., Ai, Q., Mao, J., Wang, H., Zhang, M., & Ma, S. (2025). ' +
        'Evaluating Intelligence via Trial and Error (Preprint arXiv:2502.18858). arXiv. https://doi.org/10.48550/arXiv.2502.18858',
    );
  });

  test('Harvard reference', () => {
    assert.equal(
      formatReference(trialAndError, 'harvard', KEY),
      'Zhan, J. et al. (2025) “Evaluating Intelligence via Trial and Error.” arXiv. doi:10.48550/arXiv.2502.18858.',
    );
  });

  test('Vancouver reference', () => {
    assert.equal(
      formatReference(trialAndError, 'vancouver', KEY),
      'Zhan J, Zhao J, Li J, Liu Y, Zhang B, Ai Q, et al. Evaluating Intelligence via Trial and Error [Internet]. arXiv; 2025. ' +
        'Available from: https://arxiv.org/abs/2502.18858',
    );
  });

  test('styles without a CSL file are unsupported', () => {
    const emptyFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'csl-empty-'));
    setCslStyleDirectory(emptyFolder);
    try {
      for (const style of ['mla', 'chicago', 'ieee'] as const) {
        assert.throws(() => formatReference(trialAndError, style, KEY), UnsupportedStyleError, style);
        assert.equal(CITATION_FORMATS.find((info) => info.format === style)?.supported, false, style);
      }
    } finally {
      setCslStyleDirectory(undefined);
      fs.rmSync(emptyFolder, { recursive: true, force: true });
    }
  });

  // The build copies these three official styles from Debian's citation-style-language-styles.
  const cslFolder = process.env.CSL_STYLES_DIR ?? '/usr/share/citation-style-language/styles';
  const missingCsl = fs.existsSync(path.join(cslFolder, 'ieee.csl'))
    ? false
    : `CSL styles not found in ${cslFolder}; install citation-style-language-styles or set CSL_STYLES_DIR`;

  describe('styles read from CSL files', { skip: missingCsl }, () => {
    before(() => setCslStyleDirectory(cslFolder));

    test('MLA 9 reference', () => {
      assert.equal(
        formatReference(trialAndError, 'mla', KEY),
        'Zhan, Jingtao, et al. Evaluating Intelligence via Trial and Error. arXiv:2502.18858, arXiv, 26 Feb. 2025, ' +
          'https://doi.org/10.48550/arXiv.2502.18858.',
      );
    });

    test('Chicago author-date reference', () => {
      assert.equal(
        formatReference(trialAndError, 'chicago', KEY),
        'Zhan, Jingtao, Jiahao Zhao, Jiayu Li, Yiqun Liu, Bo Zhang, Qingyao Ai, Jiaxin Mao, Hongning Wang, Min Zhang, ' +
          'and Shaoping Ma. 2025. “Evaluating Intelligence via Trial and Error.” Preprint. arXiv. ' +
          'https://doi.org/10.48550/arXiv.2502.18858.',
      );
    });

    test('IEEE reference', () => {
      assert.equal(
        formatReference(trialAndError, 'ieee', KEY),
        'J. Zhan et al., “Evaluating Intelligence via Trial and Error.” arXiv, Feb. 26, 2025. doi: 10.48550/arXiv.2502.18858.',
      );
    });

    test('styles listed as supported', () => {
      for (const style of ['mla', 'chicago', 'ieee'] as const) {
        assert.equal(CITATION_FORMATS.find((info) => info.format === style)?.supported, true, style);
      }
    });
  });

  test('every supported format produces text', () => {
    for (const info of CITATION_FORMATS.filter((candidate) => candidate.supported)) {
      assert.ok(formatCitation(trialAndError, info.format, KEY).length > 20, info.format);
    }
  });

  test('BibTeX and BibLaTeX round-trip through bibtex-parser', () => {
    for (const entryText of [toBibTeX(trialAndError), toBibLaTeX(trialAndError, KEY)]) {
      const entry = parseOne(entryText);
      assert.equal(entry.key, KEY);
      assert.equal(entry.fields.title, 'Evaluating Intelligence via Trial and Error');
      assert.equal(entry.fields.eprint, '2502.18858');
      assert.deepEqual(parsedAuthors(entry), AUTHOR_LIST.split(' and '));
    }
  });
});

describe('formats for hard titles and names', () => {
  for (const title of hardTitles) {
    test(`BibTeX and BibLaTeX parse: ${title}`, () => {
      const paper = paperBuilder({ title, authors: hardAuthors });
      const key = citeKeyFromPattern(paper);
      for (const entryText of [toBibTeX(paper, { citeKey: key }), toBibLaTeX(paper, key)]) {
        const entry = parseOne(entryText);
        assert.equal(entry.key, key);
        assert.equal(entry.fields.eprint, paper.arxivId);
        assert.equal(typeof entry.fields.title, 'string');
        assert.ok((entry.fields.title as string).length > 0);
      }
    });
  }

  test('title specials survive the round trip', () => {
    const paper = paperBuilder({ title: 'Research & Development: 100% snake_case #1' });
    for (const entryText of [toBibTeX(paper), toBibLaTeX(paper, 'key')]) {
      assert.equal(parseOne(entryText).fields.title, 'Research & Development: 100% snake_case #1');
    }
  });

  test('BibLaTeX keeps UTF-8 names', () => {
    const entryText = toBibLaTeX(paperBuilder({ authors: hardAuthors }), 'key');
    assert.match(entryText, /author = \{Jörg Däßler and Søren Ørsted and Łukasz Kaiser and 张三 and Madonna and Ludwig van Beethoven and \{Research and Development Team\}\},/);
  });

  test('names round-trip through bibtex-parser', () => {
    const paper = paperBuilder({ authors: authorsNamed('Jörg Däßler', 'Søren Ørsted', 'Łukasz Kaiser', '张三', 'Madonna') });
    for (const entryText of [toBibTeX(paper), toBibLaTeX(paper, 'key')]) {
      assert.deepEqual(parsedAuthors(parseOne(entryText)), ['Jörg Däßler', 'Søren Ørsted', 'Łukasz Kaiser', '张三', 'Madonna']);
    }
  });

  test('BibLaTeX escapes braces and specials in titles', () => {
    const entryText = toBibLaTeX(paperBuilder({ title: 'A {Braced} & 50% _x_ title' }), 'key');
    assert.match(entryText, /title = \{A \\\{Braced\\\} \\& 50\\% \\_x\\_ title\},/);
  });

  test('BibLaTeX keeps balanced math', () => {
    assert.match(toBibLaTeX(paperBuilder({ title: 'Scaling $O(n^{2})$ Attention' }), 'k'), /title = \{Scaling \$O\(n\^\{2\}\)\$ Attention\},/);
  });

  test('CSL names split', () => {
    const cases: Array<[string, ReturnType<typeof splitName>]> = [
      ['Jörg Däßler', { family: 'Däßler', given: 'Jörg' }],
      ['Łukasz Kaiser', { family: 'Kaiser', given: 'Łukasz' }],
      ['张三', { literal: '张三' }],
      ['San Zhang 张三', { literal: 'San Zhang 张三' }],
      ['Madonna', { literal: 'Madonna' }],
      ['Ludwig van Beethoven', { family: 'Beethoven', given: 'Ludwig', particle: 'van' }],
      ['  Ada   King  Lovelace ', { family: 'Lovelace', given: 'Ada King' }],
    ];
    for (const [name, expected] of cases) {
      assert.deepEqual(splitName(name), expected, name);
    }
  });

  test('APA with accented and CJK authors', () => {
    const paper: Paper = paperBuilder({ authors: authorsNamed('Jörg Däßler', '张三', 'Madonna'), publishedAt: '2025-02-26T05:59:45.000Z' });
    assert.match(formatReference(paper, 'apa', 'k'), /^Däßler, J\., 张三, & Madonna\. \(2025\)\./);
  });

  test('RIS single-word and CJK authors stay whole', () => {
    const ris = toRis(paperBuilder({ authors: authorsNamed('张三', 'Madonna', 'Søren Ørsted') }), 'k');
    assert.match(ris, /^AU {2}- 张三$/m);
    assert.match(ris, /^AU {2}- Madonna$/m);
    assert.match(ris, /^AU {2}- Ørsted, Søren$/m);
  });

  test('RIS and CSL keep title specials', () => {
    const title = 'Research & Development: 100% {Sure}';
    const paper = paperBuilder({ title });
    assert.match(toRis(paper, 'k'), /^TI {2}- Research & Development: 100% \{Sure\}$/m);
    assert.equal(toCslItem(paper, 'k').title, title);
  });

  test('Markdown link escapes brackets', () => {
    assert.equal(toMarkdownLink(paperBuilder({ title: 'The [CLS] Token', arxivId: '2401.00001v2' })), '[The \\[CLS\\] Token](https://arxiv.org/abs/2401.00001)');
  });

  test('DOI drops the version', () => {
    assert.equal(toCslItem(paperBuilder({ arxivId: '2502.18858v3' }), 'k').DOI, '10.48550/arXiv.2502.18858');
  });
});
