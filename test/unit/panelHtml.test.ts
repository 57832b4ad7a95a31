import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { buildPanelHtml, escapeHtml, type PanelHtmlOptions } from '../../src/views/panelHtml';

const NONCE = 'c2VjcmV0LW5vbmNlLXZhbHVl+/=';

function options(overrides: Partial<PanelHtmlOptions> = {}): PanelHtmlOptions {
  return {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: NONCE,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
    katexStyleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/katex/katex.min.css',
    title: 'Evaluating Intelligence via Trial and Error',
    ...overrides,
  };
}

describe('buildPanelHtml', () => {
  test('title escaped', () => {
    const html = buildPanelHtml(options({ title: '"><img src=x onerror=alert(1)>' }));
    assert.match(html, /<title>&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;<\/title>/);
    assert.doesNotMatch(html, /<img/);
  });

  test('CSP with nonce', () => {
    const html = buildPanelHtml(options());
    const csp =
      "default-src 'none'; " +
      'img-src https://file+.vscode-resource.vscode-cdn.net https: data:; ' +
      "style-src https://file+.vscode-resource.vscode-cdn.net 'unsafe-inline'; " +
      'font-src https://file+.vscode-resource.vscode-cdn.net; ' +
      `script-src 'nonce-${NONCE}';`;
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`));
  });

  test('script carries nonce', () => {
    const html = buildPanelHtml(options());
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.equal(
      scripts[0],
      `<script nonce="${NONCE}" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js">`,
    );
  });

  test('app root and stylesheets', () => {
    const html = buildPanelHtml(options());
    assert.match(html, /<div id="app"><\/div>/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/dist\/katex\/katex\.min\.css">/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/media\/panel\.css">/);
  });

  test('language defaults to en', () => {
    assert.match(buildPanelHtml(options()), /<html lang="en">/);
    assert.match(buildPanelHtml(options({ language: 'zh-CN' })), /<html lang="zh-CN">/);
    assert.match(buildPanelHtml(options({ language: '"><x' })), /<html lang="en">/);
  });

  test('invalid nonce rejected', () => {
    assert.throws(() => buildPanelHtml(options({ nonce: 'short' })), /Invalid webview nonce/);
    assert.throws(() => buildPanelHtml(options({ nonce: `${NONCE}' 'unsafe-inline` })), /Invalid webview nonce/);
  });

  test('invalid cspSource rejected', () => {
    assert.throws(() => buildPanelHtml(options({ cspSource: "x; script-src 'unsafe-eval'" })), /Invalid webview cspSource/);
    assert.throws(() => buildPanelHtml(options({ cspSource: '' })), /Invalid webview cspSource/);
    assert.throws(() => buildPanelHtml(options({ cspSource: "'self' 'unsafe-eval'" })), /Invalid webview cspSource/);
  });

  test('code-server source list accepted', () => {
    const html = buildPanelHtml(options({ cspSource: "'self' https://*.vscode-cdn.net" }));
    assert.match(html, /font-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net;/);
  });
});

describe('escapeHtml', () => {
  test('escapes markup characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('leaves other text alone', () => {
    assert.equal(escapeHtml('Jörg 张三 $x^2$'), 'Jörg 张三 $x^2$');
  });
});
