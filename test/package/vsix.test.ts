// Checks the packaged extension (`npm run package` writes dist-vsix/paper-reader.vsix)
// against an allow-list, so sources, tests, fixtures, source maps and node_modules never
// ship. A .vsix is a zip file; its central directory lists every entry.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const vsixPath = path.join(repoRoot, 'dist-vsix', 'paper-reader.vsix');

interface ZipEntry {
  name: string;
  /** Uncompressed size in bytes. */
  size: number;
}

/** Entries the package may contain; `extension/` is the extension's root folder. */
const allowed: RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[a-z-]+)?\.json$/i,
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/license(\.[a-z]+)?$/i,
  /^extension\/dist\/.+$/,
  /^extension\/media\/.+$/,
  /^extension\/l10n\/.+$/,
];

/** Entries that must never ship even inside an allowed folder, with the reason shown on failure. */
const forbidden: Array<[RegExp, string]> = [
  [/\.map$/, 'source map'],
  [/\.ts$/, 'TypeScript source'],
  [/(^|\/)src\//, 'source folder'],
  [/(^|\/)test\//, 'test folder'],
  [/(^|\/)node_modules\//, 'node_modules'],
  [/fixtures?\//, 'test fixture'],
  [/^extension\/media\/screenshot\.png$/, 'README screenshot (only the repository README uses it)'],
];

const endOfCentralDirectorySignature = 0x06054b50;
const centralDirectoryEntrySignature = 0x02014b50;

/**
 * Lists the entries of a zip file from its central directory. Handles the plain format
 * that vsce writes; ZIP64 archives (over 4 GB or 65535 entries) are not supported.
 */
function listZipEntries(file: string): ZipEntry[] {
  const data = fs.readFileSync(file);

  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment of up to 65535 bytes.
  let end = -1;
  for (let offset = data.length - 22; offset >= Math.max(0, data.length - 22 - 0xffff); offset--) {
    if (data.readUInt32LE(offset) === endOfCentralDirectorySignature) {
      end = offset;
      break;
    }
  }
  if (end < 0) {
    throw new Error(`${file} is not a zip file: no end-of-central-directory record. Run \`npm run package\` again.`);
  }

  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (data.readUInt32LE(offset) !== centralDirectoryEntrySignature) {
      throw new Error(`${file}: invalid central directory entry ${index} at byte ${offset}.`);
    }
    const size = data.readUInt32LE(offset + 24);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const name = data.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({ name, size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('vsix package', () => {
  let entries: ZipEntry[] = [];
  let names: string[] = [];

  before(() => {
    if (!fs.existsSync(vsixPath)) {
      throw new Error(`Extension package not found: ${vsixPath}. Run \`npm run package\` first.`);
    }
    entries = listZipEntries(vsixPath);
    names = entries.map((entry) => entry.name);
  });

  it('contains only allowed files', () => {
    const unexpected = names.filter((name) => !allowed.some((pattern) => pattern.test(name)));
    assert.deepEqual(unexpected, [], 'files outside the allow-list; exclude them in .vscodeignore');
  });

  it('contains no forbidden files', () => {
    const found = names.flatMap((name) =>
      forbidden.filter(([pattern]) => pattern.test(name)).map(([, reason]) => `${name} (${reason})`),
    );
    assert.deepEqual(found, [], 'files that must not ship; exclude them in .vscodeignore');
  });

  it('contains the runtime files', () => {
    for (const required of [
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/webview.js',
      'extension/dist/katex/katex.min.css',
    ]) {
      assert.ok(names.includes(required), `${required} missing from ${vsixPath}`);
    }
    assert.ok(
      names.some((name) => /^extension\/dist\/katex\/fonts\/.+\.woff2$/.test(name)),
      `no KaTeX fonts under extension/dist/katex/fonts/ in ${vsixPath}`,
    );
  });

  it('ships the manifest main bundle', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string; icon?: string };
    const main = `extension/${path.posix.normalize(manifest.main)}`;
    assert.ok(names.includes(main), `package.json main ${manifest.main} is not in the package`);
    if (manifest.icon) {
      const icon = `extension/${path.posix.normalize(manifest.icon)}`;
      assert.ok(names.includes(icon), `package.json icon ${manifest.icon} is not in the package`);
    }
  });

  it('has no empty bundle', () => {
    for (const entry of entries.filter((item) => item.name.startsWith('extension/dist/') && item.name.endsWith('.js'))) {
      assert.ok(entry.size > 0, `${entry.name} is empty`);
    }
  });
});
