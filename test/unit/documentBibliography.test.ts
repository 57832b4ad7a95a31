import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  bibliographyCandidates,
  findBibliographyNames,
  isInRanges,
  markdownCodeRanges,
  type BibliographyName,
} from '../../src/server/documentBibliography';

/** Returns each name with the text its range covers, so offsets are checked too. */
function named(text: string, kind: 'latex' | 'markdown' | 'other'): Array<[string, string]> {
  return findBibliographyNames(text, kind).map((name: BibliographyName) => [name.name, text.slice(name.start, name.end)]);
}

/** Returns the `@` offsets of `text` that lie outside Markdown code, as the words they start. */
function citationsOutsideCode(text: string): string[] {
  const ranges = markdownCodeRanges(text);
  return [...text.matchAll(/@(\w+)/g)].filter((match) => !isInRanges(ranges, match.index ?? 0)).map((match) => match[1]);
}

describe('findBibliographyNames in LaTeX', () => {
  test('bibliography list adds .bib', () => {
    assert.deepEqual(named('\\bibliography{lspbib, refs.bib ,sub/more}', 'latex'), [
      ['lspbib.bib', 'lspbib'],
      ['refs.bib', 'refs.bib'],
      ['sub/more.bib', 'sub/more'],
    ]);
  });

  test('addbibresource with options', () => {
    assert.deepEqual(named('\\addbibresource[datatype=bibtex]{refs.bib}\n\\addbibresource{x.bib}', 'latex'), [
      ['refs.bib', 'refs.bib'],
      ['x.bib', 'x.bib'],
    ]);
  });

  test('comments are skipped', () => {
    assert.deepEqual(named('% \\bibliography{old}\n50\\% \\bibliography{new}', 'latex'), [['new.bib', 'new']]);
  });

  test('bibliographystyle is not a bibliography', () => {
    assert.deepEqual(named('\\bibliographystyle{plain}', 'latex'), []);
  });

  test('none in other documents', () => {
    assert.deepEqual(named('\\bibliography{refs}', 'other'), []);
  });
});

describe('findBibliographyNames in front matter', () => {
  test('scalar, quoted scalar and comment', () => {
    assert.deepEqual(named('---\ntitle: x\nbibliography: refs.bib\n---\n', 'markdown'), [['refs.bib', 'refs.bib']]);
    assert.deepEqual(named('---\nbibliography: "my refs.bib"\n---\n', 'markdown'), [['my refs.bib', 'my refs.bib']]);
    assert.deepEqual(named('---\nbibliography: refs.bib # main\n---\n', 'markdown'), [['refs.bib', 'refs.bib']]);
  });

  test('flow list', () => {
    assert.deepEqual(named('---\nbibliography: [a.bib, "b.bib"]\n---\n', 'markdown'), [
      ['a.bib', 'a.bib'],
      ['b.bib', 'b.bib'],
    ]);
  });

  test('block list ends at the next key', () => {
    assert.deepEqual(named('---\nbibliography:\n  - a.bib\n  - b.bib\nlink-citations: true\n---\n', 'markdown'), [
      ['a.bib', 'a.bib'],
      ['b.bib', 'b.bib'],
    ]);
  });

  test('CRLF line ends', () => {
    assert.deepEqual(named('---\r\nbibliography: refs.bib\r\n---\r\n', 'markdown'), [['refs.bib', 'refs.bib']]);
  });

  test('none without front matter', () => {
    assert.deepEqual(named('# Notes\n\nbibliography: refs.bib\n', 'markdown'), []);
    assert.deepEqual(named('text\n---\nbibliography: refs.bib\n---\n', 'markdown'), []);
  });
});

describe('bibliographyCandidates', () => {
  const root = path.resolve('/workspace');

  test('document folder before workspace folders', () => {
    assert.deepEqual(bibliographyCandidates('refs.bib', path.join(root, 'paper', 'main.tex'), [root]), [
      path.join(root, 'paper', 'refs.bib'),
      path.join(root, 'refs.bib'),
    ]);
  });

  test('same folder listed once', () => {
    assert.deepEqual(bibliographyCandidates('refs.bib', path.join(root, 'main.tex'), [root]), [path.join(root, 'refs.bib')]);
  });

  test('absolute name and untitled document', () => {
    assert.deepEqual(bibliographyCandidates(path.join(root, 'x.bib'), undefined, ['/other']), [path.join(root, 'x.bib')]);
    assert.deepEqual(bibliographyCandidates('x.bib', undefined, [root]), [path.join(root, 'x.bib')]);
  });
});

describe('markdownCodeRanges', () => {
  test('inline code spans', () => {
    assert.deepEqual(citationsOutsideCode('See @a, `@b`, ``x ` @c`` and @d.'), ['a', 'd']);
  });

  test('fenced code blocks', () => {
    const text = 'Before @a\n\n```python\n@decorator\n```\n\n~~~~\n@b\n~~~~\nAfter @c\n';
    assert.deepEqual(citationsOutsideCode(text), ['a', 'c']);
  });

  test('unclosed fence runs to the end', () => {
    assert.deepEqual(citationsOutsideCode('@a\n```\n@b\n'), ['a']);
  });

  test('indented code after a blank line', () => {
    assert.deepEqual(citationsOutsideCode('Text @a\n\n    @b\n    @c\nText @d\n'), ['a', 'd']);
    assert.deepEqual(citationsOutsideCode('Text @a\n    @b continues the paragraph\n'), ['a', 'b']);
  });

  test('front matter', () => {
    assert.deepEqual(citationsOutsideCode('---\nauthor: "@me"\n---\nBody @a\n'), ['a']);
  });

  test('unmatched backtick is text', () => {
    assert.deepEqual(citationsOutsideCode('A ` tick @a'), ['a']);
  });
});
