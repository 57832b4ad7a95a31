// KaTeX runs in Node, so the limits on a single formula are checked here. The sanitised
// Markdown path needs a DOM for DOMPurify, which Node lacks, so it is not covered here.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { renderMathHtml } from '../../src/webview/render';

describe('renderMathHtml', () => {
  test('rule size is capped at 10em', () => {
    const html = renderMathHtml('\\rule{50em}{50em}', false);
    assert.doesNotMatch(html, /(?:width|height):50em/);
    assert.match(html, /width="10em" height="10em"/);
    assert.match(html, /border-right-width:10em/);
    assert.match(html, /border-top-width:10em/);
  });

  test('macro bomb stops at maxExpand', () => {
    const html = renderMathHtml('\\def\\a{\\a\\a}\\a', false);
    assert.match(html, /katex-error/);
    assert.match(html, /Too many expansions/);
  });

  test('ordinary math renders', () => {
    const html = renderMathHtml('E=mc^2', false);
    assert.match(html, /class="katex"/);
    assert.doesNotMatch(html, /katex-error/);
  });
});
