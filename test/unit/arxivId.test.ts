import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  arxivAbsUrl,
  arxivPdfUrl,
  formatArxivId,
  huggingFacePaperUrl,
  parseArxivReference,
  type ArxivReference,
} from '../../src/papers/arxivId';

describe('parseArxivReference', () => {
  const accepted: Array<[string, ArxivReference]> = [
    ['2502.18858', { id: '2502.18858' }],
    ['  2502.18858\n', { id: '2502.18858' }],
    ['2502.18858v2', { id: '2502.18858', version: 2 }],
    ['0704.0001', { id: '0704.0001' }],
    ['1412.9999v3', { id: '1412.9999', version: 3 }],
    ['1501.00001', { id: '1501.00001' }],
    ['arXiv:2502.18858', { id: '2502.18858' }],
    ['ARXIV:2502.18858v1', { id: '2502.18858', version: 1 }],
    ['arxiv:hep-th/9901001', { id: 'hep-th/9901001' }],
    ['https://arxiv.org/abs/2502.18858', { id: '2502.18858' }],
    ['http://arxiv.org/abs/2502.18858v2', { id: '2502.18858', version: 2 }],
    ['https://www.arxiv.org/abs/2502.18858?context=cs', { id: '2502.18858' }],
    ['https://export.arxiv.org/abs/2502.18858#abstract', { id: '2502.18858' }],
    ['https://arxiv.org/pdf/2502.18858', { id: '2502.18858' }],
    ['https://arxiv.org/pdf/2502.18858.pdf', { id: '2502.18858' }],
    ['https://arxiv.org/pdf/2502.18858v3.pdf', { id: '2502.18858', version: 3 }],
    ['https://arxiv.org/pdf/2502.18858v3', { id: '2502.18858', version: 3 }],
    ['https://arxiv.org/html/2502.18858v1', { id: '2502.18858', version: 1 }],
    ['https://arxiv.org/abs/hep-th/9901001', { id: 'hep-th/9901001' }],
    ['https://huggingface.co/papers/2502.18858', { id: '2502.18858' }],
    ['https://huggingface.co/papers/2502.18858?utm_source=x#comments', { id: '2502.18858' }],
    ['10.48550/arXiv.2502.18858', { id: '2502.18858' }],
    ['https://doi.org/10.48550/arXiv.2502.18858', { id: '2502.18858' }],
    ['hep-th/9901001', { id: 'hep-th/9901001' }],
    ['math.GT/0309136', { id: 'math.GT/0309136' }],
    ['cond-mat/0102536v1', { id: 'cond-mat/0102536', version: 1 }],
  ];

  for (const [input, expected] of accepted) {
    test(`accepts ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseArxivReference(input), expected);
    });
  }

  const rejected = [
    '',
    '   ',
    'attention',
    'random words here',
    '2502.1885',
    '2502.188589',
    '2513.12345',
    '2500.12345',
    '2025.03.12',
    '0703.0001',
    '1501.0001',
    '1412.00001',
    '2502.18858v0',
    'hep-th/9913001',
    'hep-th/990100',
    'arXiv:',
    'https://example.com/abs/2502.18858',
    'https://arxiv.org.evil.example/abs/2502.18858',
    'https://github.com/papers/2502.18858',
    'https://arxiv.org/list/cs.AI/recent',
    'https://huggingface.co/datasets/2502.18858',
    'https://doi.org/10.1000/182',
    'ftp://arxiv.org/abs/2502.18858',
  ];

  for (const input of rejected) {
    test(`rejects ${JSON.stringify(input)}`, () => {
      assert.equal(parseArxivReference(input), undefined);
    });
  }
});

describe('arXiv formatting', () => {
  test('formatArxivId without version', () => {
    assert.equal(formatArxivId({ id: '2502.18858' }), '2502.18858');
  });

  test('formatArxivId with version', () => {
    assert.equal(formatArxivId({ id: '2502.18858', version: 2 }), '2502.18858v2');
  });

  test('abs and pdf URLs', () => {
    assert.equal(arxivAbsUrl({ id: '2502.18858' }), 'https://arxiv.org/abs/2502.18858');
    assert.equal(arxivPdfUrl({ id: '2502.18858', version: 2 }), 'https://arxiv.org/pdf/2502.18858v2');
    assert.equal(arxivAbsUrl({ id: 'hep-th/9901001' }), 'https://arxiv.org/abs/hep-th/9901001');
  });

  test('Hugging Face URL with default and custom base', () => {
    assert.equal(huggingFacePaperUrl('2502.18858'), 'https://huggingface.co/papers/2502.18858');
    assert.equal(huggingFacePaperUrl('2502.18858', 'http://127.0.0.1:8787/'), 'http://127.0.0.1:8787/papers/2502.18858');
  });
});
