import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findPaperReferences, referenceAt, type PaperReference } from '../../src/papers/references';

const BARE_ON = { allowBareIds: true };
const BARE_OFF = { allowBareIds: false };

/** Returns each reference as `form id[vN] "matched text"`, which reads well in a failed assertion. */
function describeAll(text: string, options = BARE_OFF): string[] {
  return findPaperReferences(text, options).map(
    (reference: PaperReference) =>
      `${reference.form} ${reference.arxivId}${reference.version === undefined ? '' : `v${reference.version}`} "${text.slice(reference.start, reference.end)}"`,
  );
}

describe('findPaperReferences: recognised forms', () => {
  const cases: Array<[string, string, string[]]> = [
    ['arXiv prefix', 'see arXiv:2502.18858 for details', ['arxivPrefix 2502.18858 "arXiv:2502.18858"']],
    ['prefix with version', 'arXiv:2502.18858v2.', ['arxivPrefix 2502.18858v2 "arXiv:2502.18858v2"']],
    ['prefix in any case', 'ARXIV:2502.18858 and arxiv: 0704.0001', ['arxivPrefix 2502.18858 "ARXIV:2502.18858"', 'arxivPrefix 0704.0001 "arxiv: 0704.0001"']],
    ['old-style with prefix', 'arXiv:hep-th/9901001v3', ['oldStyle hep-th/9901001v3 "arXiv:hep-th/9901001v3"']],
    ['old-style with subject class', '(arXiv:math.GT/0309136)', ['oldStyle math.GT/0309136 "arXiv:math.GT/0309136"']],
    ['abs URL', '<https://arxiv.org/abs/2502.18858>', ['absUrl 2502.18858 "https://arxiv.org/abs/2502.18858"']],
    ['abs URL without scheme', 'arxiv.org/abs/2502.18858v1', ['absUrl 2502.18858v1 "arxiv.org/abs/2502.18858v1"']],
    ['pdf URL with .pdf', 'http://arxiv.org/pdf/2502.18858v2.pdf', ['pdfUrl 2502.18858v2 "http://arxiv.org/pdf/2502.18858v2.pdf"']],
    ['html URL', 'https://arxiv.org/html/2502.18858v1', ['htmlUrl 2502.18858v1 "https://arxiv.org/html/2502.18858v1"']],
    ['old-style in a URL', 'https://arxiv.org/abs/hep-th/9901001', ['absUrl hep-th/9901001 "https://arxiv.org/abs/hep-th/9901001"']],
    ['export host', 'https://export.arxiv.org/abs/2502.18858', ['absUrl 2502.18858 "https://export.arxiv.org/abs/2502.18858"']],
    ['Hugging Face URL', '[paper](https://huggingface.co/papers/2502.18858)', ['hfUrl 2502.18858 "https://huggingface.co/papers/2502.18858"']],
    ['DOI', 'doi: 10.48550/arXiv.2502.18858', ['doi 2502.18858 "doi: 10.48550/arXiv.2502.18858"']],
    ['DOI URL', 'https://doi.org/10.48550/arXiv.2502.18858', ['doi 2502.18858 "https://doi.org/10.48550/arXiv.2502.18858"']],
    ['bare DOI', '10.48550/arxiv.2502.18858', ['doi 2502.18858 "10.48550/arxiv.2502.18858"']],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      assert.deepEqual(describeAll(text), expected);
    });
  }

  test('bare ids only when allowed', () => {
    assert.deepEqual(describeAll('see 2502.18858 and 0704.0001v2', BARE_OFF), []);
    assert.deepEqual(describeAll('see 2502.18858 and 0704.0001v2', BARE_ON), [
      'bareId 2502.18858 "2502.18858"',
      'bareId 0704.0001v2 "0704.0001v2"',
    ]);
  });

  test('bare ids in brackets and at line ends', () => {
    assert.deepEqual(describeAll('(2502.18858), [2401.12345]\n2502.18858.', BARE_ON), [
      'bareId 2502.18858 "2502.18858"',
      'bareId 2401.12345 "2401.12345"',
      'bareId 2502.18858 "2502.18858"',
    ]);
  });

  test('offsets cover the matched text', () => {
    const text = 'x arXiv:2502.18858 y';
    const [reference] = findPaperReferences(text, BARE_OFF);
    assert.equal(reference.start, 2);
    assert.equal(reference.end, 18);
  });

  test('referenceAt includes both ends', () => {
    const references = findPaperReferences('x arXiv:2502.18858 y', BARE_OFF);
    assert.equal(referenceAt(references, 2)?.arxivId, '2502.18858');
    assert.equal(referenceAt(references, 18)?.arxivId, '2502.18858');
    assert.equal(referenceAt(references, 1), undefined);
    assert.equal(referenceAt(references, 19), undefined);
  });
});

describe('findPaperReferences: false positives', () => {
  const rejectedWithBareIdsOn: Array<[string, string]> = [
    ['table row, Markdown', '| 2502.18858 | 0.93 |'],
    ['table row, LaTeX', 'Model A & 2502.18858 & 0.93 \\\\'],
    ['table row, tabs', 'run\t2502.18858\t0.93'],
    ['version word', 'version 2401.12345'],
    ['v prefix with space', 'v 2401.12345'],
    ['release word', 'Release 2401.12345 is out'],
    ['version string', 'v1.2502.1'],
    ['dotted version', '1.2502.18858'],
    ['IP-like', '10.1.2502.18858'],
    ['pi', '3.14159'],
    ['trailing dot and digits', '2502.18858.1'],
    ['letter before', 'a2502.18858'],
    ['letter after', '2502.18858a'],
    ['digit before', '12502.18858'],
    ['six sequence digits', '2502.188581'],
    ['date DDMM.YYYY', '1012.2024'],
    ['impossible month', '2513.12345'],
    ['five digits before 2015', '1412.12345'],
    ['four digits after 2015', '2502.1885'],
    ['before April 2007', '0703.1234'],
    ['inside another URL', 'https://example.com/files/2502.18858'],
    ['after a comma', '1,2502.18858'],
    ['money', '$2502.18858'],
    ['Pandoc citation', '@2502.18858'],
    ['hyphenated range', '2502.18858-2'],
    ['old-style without prefix', 'hep-th/9901001'],
    ['old-style subject class without prefix', 'math.GT/0309136'],
  ];
  for (const [name, text] of rejectedWithBareIdsOn) {
    test(name, () => {
      assert.deepEqual(describeAll(text, BARE_ON), []);
    });
  }

  test('table row with bare ids off', () => {
    assert.deepEqual(describeAll('| 2502.18858 | 0.93 |', BARE_OFF), []);
  });

  test('version with bare ids off', () => {
    assert.deepEqual(describeAll('version 2401.12345', BARE_OFF), []);
  });

  test('prefixed id inside a table is kept', () => {
    assert.deepEqual(describeAll('| arXiv:2502.18858 | 0.93 |', BARE_ON), ['arxivPrefix 2502.18858 "arXiv:2502.18858"']);
  });

  test('prefix glued to a word', () => {
    assert.deepEqual(describeAll('myarXiv:2502.18858'), []);
  });

  test('prefix with a longer number', () => {
    assert.deepEqual(describeAll('arXiv:2502.188581 arXiv:2502.18858.3'), []);
  });

  test('look-alike hosts', () => {
    assert.deepEqual(describeAll('https://notarxiv.org/abs/2502.18858 https://arxiv.org.evil/abs/2502.18858'), []);
    assert.deepEqual(describeAll('https://huggingface.co/models/2502.18858'), []);
  });

  test('other DOI prefixes', () => {
    assert.deepEqual(describeAll('10.1234/arXiv.2502.18858', BARE_ON), []);
  });

  test('impossible old-style year', () => {
    assert.deepEqual(describeAll('arXiv:hep-th/0801001'), []);
  });

  test('1 MB line without references', () => {
    const line = '1.2 '.repeat(256 * 1024);
    assert.deepEqual(findPaperReferences(line, BARE_ON), []);
  });
});
