import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBibTeX } from '../../src/citations/bibParser';

const ZHAN = `@misc{zhan2025evaluatingintelligencetrialerror,
  title={Evaluating Intelligence via Trial and Error},
  author={Jingtao Zhan and Jiahao Zhao},
  year={2025},
  eprint={2502.18858},
  archivePrefix={arXiv},
  primaryClass={cs.AI},
  url={https://arxiv.org/abs/2502.18858},
}
`;

function keys(text: string): string[] {
  return parseBibTeX(text).entries.map((entry) => entry.key);
}

describe('parseBibTeX: well-formed input', () => {
  test('entry fields and ranges', () => {
    const result = parseBibTeX(ZHAN);
    assert.deepEqual(result.errors, []);
    assert.equal(result.entries.length, 1);

    const [entry] = result.entries;
    assert.equal(entry.type, 'misc');
    assert.equal(entry.key, 'zhan2025evaluatingintelligencetrialerror');
    assert.equal(entry.fields.title, 'Evaluating Intelligence via Trial and Error');
    assert.equal(entry.fields.eprint, '2502.18858');
    assert.equal(entry.fields.archiveprefix, 'arXiv');
    assert.equal(entry.range.start, 0);
    assert.equal(ZHAN.slice(entry.range.start, entry.range.end), ZHAN.trimEnd());
    assert.equal(ZHAN.slice(entry.keyRange.start, entry.keyRange.end), entry.key);
  });

  test('quoted values, numbers and nested braces', () => {
    const [entry] = parseBibTeX('@Article{k1, title = "The {GPU} \\"Era\\"", year = 2024, note = {a {b {c}} d}}').entries;
    assert.equal(entry.type, 'article');
    assert.equal(entry.fields.title, 'The {GPU} \\"Era\\"');
    assert.equal(entry.fields.year, '2024');
    assert.equal(entry.fields.note, 'a {b {c}} d');
  });

  test('@string macros and # concatenation', () => {
    const text = '@string{conf = "Proc. of "}\n@inproceedings{k, booktitle = conf # {ICML} # " 2024", month = jan}';
    const result = parseBibTeX(text);
    assert.deepEqual(result.errors, []);
    assert.equal(result.strings.conf, 'Proc. of ');
    assert.equal(result.entries[0].fields.booktitle, 'Proc. of ICML 2024');
    assert.equal(result.entries[0].fields.month, 'January');
  });

  test('@comment and @preamble are not entries', () => {
    const text = '@comment{ignore {this} @misc{no, title={x}} }\n@preamble{"\\newcommand{\\x}{y}"}\n@misc{yes, title={t}}';
    const result = parseBibTeX(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(keys(text), ['yes']);
    assert.deepEqual(result.preambles, ['\\newcommand{\\x}{y}']);
  });

  test('parenthesised entries', () => {
    assert.deepEqual(keys('@misc(paren, title = {x})\n@misc{b, title={y}}'), ['paren', 'b']);
  });

  test('text between entries is ignored', () => {
    const text = 'Mail me at someone@example.com.\n@misc{a, title={x}}\nTrailing notes.';
    const result = parseBibTeX(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(keys(text), ['a']);
  });

  test('entry without fields', () => {
    assert.deepEqual(keys('@misc{lonely}'), ['lonely']);
  });
});

describe('parseBibTeX: broken input', () => {
  test('% comment lines between and inside entries', () => {
    const text = '% @misc{commented, title={x}}\n@misc{a,\n% title = {old},\n  title = {new}\n}\n% note\n@misc{b, title={y}}';
    const result = parseBibTeX(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(keys(text), ['a', 'b']);
    assert.equal(result.entries[0].fields.title, 'new');
  });

  test('missing comma keeps both fields', () => {
    const text = '@misc{a,\n  title = {T}\n  year = {2024}\n}\n@misc{b, title={y}}';
    const result = parseBibTeX(text);
    assert.deepEqual(keys(text), ['a', 'b']);
    assert.equal(result.entries[0].fields.year, '2024');
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /Missing "," before field "year" in entry "a"/);
    assert.equal(text.slice(result.errors[0].start, result.errors[0].end), 'year');
  });

  test('unclosed brace stops at the next entry', () => {
    const text = '@misc{a,\n  title = {Unclosed,\n  year = 2024,\n\n@misc{b, title={y}}\n';
    const result = parseBibTeX(text);
    assert.deepEqual(keys(text), ['a', 'b']);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /Unclosed brace in field "title" of entry "a"/);
    assert.equal(result.errors[0].start, text.indexOf('{Unclosed'));
    assert.equal(result.errors[0].end, text.indexOf('\n', text.indexOf('{Unclosed')));
  });

  test('unclosed brace closed by the entry brace', () => {
    const text = '@misc{a,\n  title = {Unclosed,\n  year = 2024\n}\n\n@misc{b, title={y}}\n';
    const result = parseBibTeX(text);
    assert.deepEqual(keys(text), ['a', 'b']);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /Entry "a" is not closed before the next entry/);
    assert.equal(text.slice(result.errors[0].start, result.errors[0].end), '@misc{a');
  });

  test('unclosed entry at the end of the file', () => {
    const text = '@misc{a, title={x}\n';
    const result = parseBibTeX(text);
    assert.deepEqual(keys(text), ['a']);
    assert.match(result.errors[0].message, /Entry "a" is not closed before the end of the file/);
  });

  test('unclosed entry before the next one', () => {
    const text = '@misc{a, title={x},\n@misc{b, title={y}}';
    const result = parseBibTeX(text);
    assert.deepEqual(keys(text), ['a', 'b']);
    assert.match(result.errors[0].message, /Entry "a" is not closed before the next entry/);
  });

  test('missing equals sign', () => {
    const text = '@misc{a, title {x}, year = 2024}\n@misc{b}';
    const result = parseBibTeX(text);
    assert.deepEqual(keys(text), ['a', 'b']);
    assert.equal(result.entries[0].fields.year, '2024');
    assert.match(result.errors[0].message, /Missing "=" after field "title"/);
  });

  test('missing key', () => {
    const text = '@misc{, title={x}}\n@misc{b}';
    const result = parseBibTeX(text);
    assert.deepEqual(keys(text), ['b']);
    assert.match(result.errors[0].message, /Missing cite key in @misc entry/);
  });

  test('missing value', () => {
    const text = '@misc{a, title = , year = 1}\n@misc{b}';
    const result = parseBibTeX(text);
    assert.deepEqual(keys(text), ['b']);
    assert.match(result.errors[0].message, /Missing value for field "title" of entry "a"/);
  });

  test('unclosed quote', () => {
    const text = '@misc{a, title = "open\n}\n@misc{b}';
    const result = parseBibTeX(text);
    assert.deepEqual(keys(text), ['a', 'b']);
    assert.match(result.errors[0].message, /Unclosed quote/);
  });

  test('half-written entry at the end', () => {
    for (const tail of ['@', '@mi', '@misc', '@misc{', '@misc{k', '@misc{k,', '@misc{k, ti', '@misc{k, title=', '@misc{k, title={']) {
      const result = parseBibTeX(`${ZHAN}${tail}`);
      assert.equal(result.entries[0]?.key, 'zhan2025evaluatingintelligencetrialerror', `tail ${tail}`);
    }
  });

  test('duplicate keys ignore case', () => {
    const text = '@misc{same, title={1}}\n@misc{other}\n@misc{Same, title={2}}';
    const result = parseBibTeX(text);
    assert.equal(result.duplicates.length, 1);
    assert.equal(result.duplicates[0].key, 'Same');
    assert.equal(result.duplicates[0].first.fields.title, '1');
    assert.equal(text.slice(result.duplicates[0].duplicate.keyRange.start, result.duplicates[0].duplicate.keyRange.end), 'Same');
  });

  test('stray closing brace', () => {
    const text = '@misc{a, title={x}}}\n@misc{b}';
    assert.deepEqual(keys(text), ['a', 'b']);
  });

  test('deep nesting and random bytes terminate', () => {
    const deep = `@misc{a, title=${'{'.repeat(5000)}x${'}'.repeat(4000)}}\n@misc{b}`;
    assert.deepEqual(keys(deep), ['a', 'b']);

    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '@{}(),="#% \n\tabc123\\';
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let index = 0; index < 300; index++) {
        text += alphabet[Math.floor(random() * alphabet.length)];
      }
      const result = parseBibTeX(text);
      for (const error of result.errors) {
        assert.ok(error.start >= 0, `error start in round ${round}`);
        assert.ok(error.end <= text.length, `error end in round ${round}`);
        assert.ok(error.start < error.end, `error range in round ${round}`);
      }
    }
  });
});
