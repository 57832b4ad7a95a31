import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { breakMessageLinks, escapeMarkdown } from '../../src/common/markdown';

describe('escapeMarkdown', () => {
  test('emphasis and links escaped', () => {
    assert.equal(escapeMarkdown('*bold* [x](command:evil)'), '\\*bold\\* \\[x\\]\\(command:evil\\)');
  });

  test('html escaped', () => {
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)> & co'), '\\<img src=x onerror=alert\\(1\\)\\> &amp; co');
  });

  test('line start markers escaped', () => {
    assert.equal(escapeMarkdown('# Title'), '\\# Title');
    assert.equal(escapeMarkdown('- item'), '\\- item');
    assert.equal(escapeMarkdown('12. Point'), '12\\. Point');
  });

  test('whitespace collapsed, words kept', () => {
    assert.equal(escapeMarkdown('  two\n  lines  '), 'two lines');
  });

  test('urls keep dots and dashes', () => {
    assert.equal(escapeMarkdown('see https://arxiv.org/abs/2502.18858 and x-y'), 'see https://arxiv.org/abs/2502.18858 and x-y');
  });
});

describe('breakMessageLinks', () => {
  test('command link broken', () => {
    assert.equal(breakMessageLinks('Paper [run](command:workbench.action.quit)'), 'Paper [run] (command:workbench.action.quit)');
  });

  test('plain brackets kept', () => {
    assert.equal(breakMessageLinks('Scaling [RL] (again)'), 'Scaling [RL] (again)');
  });
});
