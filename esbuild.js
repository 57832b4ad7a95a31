// Bundles the extension host code and the language server (Node, CommonJS) and the webview
// script (browser, IIFE). Copies KaTeX's stylesheet and fonts next to the webview bundle so
// math renders with no network access, and the CSL styles that citation-js does not bundle. Flags: --production minifies and drops source maps; --watch rebuilds.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const shared = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
};

// styles.ts requires './citationEngine' on first use. In the extension bundle that require
// stays a require of dist/citation-engine.js, a bundle of its own, so activation does not
// load citation-js (about 900 KiB minified).
const splitCitationEngine = {
  name: 'split-citation-engine',
  setup(build) {
    build.onResolve({ filter: /^\.\/citationEngine$/ }, () => ({ path: './citation-engine.js', external: true }));
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...shared,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    plugins: [splitCitationEngine],
  },
  {
    ...shared,
    entryPoints: ['src/citations/citationEngine.ts'],
    outfile: 'dist/citation-engine.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...shared,
    entryPoints: ['src/server/main.ts'],
    outfile: 'dist/server.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...shared,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

function copyKatexAssets() {
  const katexDist = path.join(path.dirname(require.resolve('katex/package.json')), 'dist');
  const target = path.join(__dirname, 'dist', 'katex');
  fs.mkdirSync(path.join(target, 'fonts'), { recursive: true });
  fs.copyFileSync(path.join(katexDist, 'katex.min.css'), path.join(target, 'katex.min.css'));

  // Modern webviews load woff2; the older formats would only grow the package.
  for (const font of fs.readdirSync(path.join(katexDist, 'fonts'))) {
    if (font.endsWith('.woff2')) {
      fs.copyFileSync(path.join(katexDist, 'fonts', font), path.join(target, 'fonts', font));
    }
  }
}

// No npm package ships the official MLA 9, Chicago author-date and IEEE CSL files, so they
// come from Debian's citation-style-language-styles (or CSL_STYLES_DIR). Without them those
// three styles show as unavailable; the other formats work.
const CSL_STYLES = ['modern-language-association', 'chicago-author-date', 'ieee'];

function copyCslStyles() {
  const source = process.env.CSL_STYLES_DIR || '/usr/share/citation-style-language/styles';
  const target = path.join(__dirname, 'dist', 'csl');
  fs.mkdirSync(target, { recursive: true });

  for (const style of CSL_STYLES) {
    const file = path.join(source, `${style}.csl`);
    if (fs.existsSync(file)) {
      fs.copyFileSync(file, path.join(target, `${style}.csl`));
    } else {
      console.warn(`warning: ${file} not found; install Debian's citation-style-language-styles or set CSL_STYLES_DIR`);
    }
  }
}

async function main() {
  fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  copyKatexAssets();
  copyCslStyles();

  if (watch) {
    const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
