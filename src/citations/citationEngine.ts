// citation-js with its CSL plugin, in a module of its own: esbuild bundles it into
// dist/citation-engine.js, which styles.ts loads on the first formatted reference, so the
// extension's activation bundle does not carry the CSL engine. citation-js ships no types,
// so this module re-exports it untyped and styles.ts declares the parts it uses.
/* eslint-disable @typescript-eslint/no-require-imports */
const core = require('@citation-js/core');
require('@citation-js/plugin-csl');

export const Cite: unknown = core.Cite;
export const plugins: unknown = core.plugins;
