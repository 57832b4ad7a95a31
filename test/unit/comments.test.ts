import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findCommentReferences, findCommentRegions, isProseLanguage } from '../../src/papers/comments';

/** Returns the text of each comment region, which reads well in a failed assertion. */
function comments(text: string, languageId: string): string[] {
  return findCommentRegions(text, languageId).map((region) => text.slice(region.start, region.end));
}

/** Returns each reference in comments as `id "matched text"`. */
function references(text: string, languageId: string): string[] {
  return findCommentReferences(text, languageId).map((reference) => `${reference.arxivId} "${text.slice(reference.start, reference.end)}"`);
}

describe('findCommentRegions: language families', () => {
  const cases: Array<[string, string, string, string[]]> = [
    ['C-like line and block', 'typescript', 'let a = 1; // one\n/* two\n three */ let b;\n', ['// one', '/* two\n three */']],
    ['Java', 'java', 'int x; /* a */ // b\n', ['/* a */', '// b']],
    ['Rust lifetime is no string', 'rust', "fn f<'a>(x: &'a str) {} // see\n", ['// see']],
    ['CSS has only blocks', 'css', 'a { color: red; } /* c */ // not\n', ['/* c */']],
    ['Python hash', 'python', 'x = 1  # one\n', ['# one']],
    ['Python docstring', 'python', 'def f():\n    """Doc\n    text."""\n    return 1\n', ['"""Doc\n    text."""']],
    ['Python assigned triple string is code', 'python', 's = """# not a comment"""\n# real\n', ['# real']],
    ['shell $# is no comment', 'shellscript', 'echo $# ${#a} # count\n', ['# count']],
    ['YAML hash needs a space', 'yaml', "url: a#b\ntitle: don't # note\n", ['# note']],
    ['Ruby', 'ruby', 'puts "a#b" # c\n', ['# c']],
    ['Makefile', 'makefile', 'all: # build\n\techo hi\n', ['# build']],
    ['Dockerfile', 'dockerfile', '# base image\nFROM node\n', ['# base image']],
    ['Julia block', 'julia', '#= a =# x = 1 # b\n', ['#= a =#', '# b']],
    ['SQL', 'sql', "SELECT '--x' FROM t -- c\n/* d */\n", ['-- c', '/* d */']],
    ['Haskell', 'haskell', 'f = 1 -- c\n{- d -}\n', ['-- c', '{- d -}']],
    ['Lua block before line', 'lua', '--[[ a\nb ]] x = 1 -- c\n', ['--[[ a\nb ]]', '-- c']],
    ['Lisp', 'lisp', '(defun f () "a;b") ; c\n#| d |#\n', ['; c', '#| d |#']],
    ['Clojure', 'clojure', '(str "x") ; c\n', ['; c']],
    ['assembly', 'asm', 'mov eax, 1 ; c\n', ['; c']],
    ['MATLAB transpose', 'matlab', "B = A' % c\ndisp('50% done')\n", ['% c']],
    ['Erlang', 'erlang', 'f() -> "100%". % c\n', ['% c']],
    ['unknown language', 'nosuchlanguage', 'a = "//x" // b\nc # d\n', ['// b', '# d']],
  ];
  for (const [name, languageId, text, expected] of cases) {
    test(name, () => {
      assert.deepEqual(comments(text, languageId), expected);
    });
  }
});

describe('findCommentRegions: strings and edges', () => {
  test('markers inside strings are skipped', () => {
    assert.deepEqual(comments('const a = "// no"; const b = \'/* no */\'; // yes\n', 'javascript'), ['// yes']);
  });

  test('escaped quote stays in the string', () => {
    assert.deepEqual(comments('const a = "x\\" // no"; // yes\n', 'typescript'), ['// yes']);
  });

  test('template literal spans lines', () => {
    assert.deepEqual(comments('const a = `line\n// no`; // yes\n', 'typescript'), ['// yes']);
  });

  test('unterminated string ends at the line', () => {
    assert.deepEqual(comments('x = "open\n# yes\n', 'python'), ['# yes']);
  });

  test('unterminated block runs to the end', () => {
    const text = 'int a; /* open\nstill open';
    const regions = findCommentRegions(text, 'c');
    assert.deepEqual(regions, [{ start: 7, end: text.length }]);
  });

  test('unterminated docstring runs to the end', () => {
    assert.deepEqual(comments('"""open\nmore', 'python'), ['"""open\nmore']);
  });

  test('line comment at end without newline', () => {
    assert.deepEqual(comments('x // last', 'go'), ['// last']);
  });

  test('CRLF line comment', () => {
    assert.deepEqual(comments('x // a\r\ny // b\r\n', 'cpp'), ['// a\r', '// b\r']);
  });

  test('empty text', () => {
    assert.deepEqual(findCommentRegions('', 'python'), []);
  });

  test('prose languages', () => {
    assert.ok(isProseLanguage('latex'));
    assert.ok(isProseLanguage('markdown'));
    assert.ok(!isProseLanguage('python'));
  });
});

describe('findCommentReferences', () => {
  const TYPESCRIPT = `// Implements arXiv:2502.18858, see https://arxiv.org/abs/1706.03762v5
const v = "arXiv:2503.05236";
const url = 'https://arxiv.org/abs/2401.12345';
const x = 2502.18858;
/**
 * Based on doi:10.48550/arXiv.2402.00002 and 2501.00001.
 */
function f(): void {} /* huggingface.co/papers/2503.05236 */
`;

  const PYTHON = `# see arXiv:2502.18858
x = 2502.18858
s = "arXiv:1706.03762"
t = 'https://arxiv.org/abs/2401.12345'
q = """arXiv:2402.00002"""


def f():
    """Reproduces https://huggingface.co/papers/2503.05236."""
    return x  # inline arXiv:2501.00001
`;

  test('TypeScript comments only', () => {
    assert.deepEqual(references(TYPESCRIPT, 'typescript'), [
      '2502.18858 "arXiv:2502.18858"',
      '1706.03762 "https://arxiv.org/abs/1706.03762v5"',
      '2402.00002 "doi:10.48550/arXiv.2402.00002"',
      '2503.05236 "huggingface.co/papers/2503.05236"',
    ]);
  });

  test('Python comments and docstrings only', () => {
    assert.deepEqual(references(PYTHON, 'python'), [
      '2502.18858 "arXiv:2502.18858"',
      '2503.05236 "https://huggingface.co/papers/2503.05236"',
      '2501.00001 "arXiv:2501.00001"',
    ]);
  });

  test('offsets point into the whole text', () => {
    const [first] = findCommentReferences(PYTHON, 'python');
    assert.equal(first.start, PYTHON.indexOf('arXiv:2502.18858'));
    assert.equal(first.end, first.start + 'arXiv:2502.18858'.length);
  });

  test('string id is not recognised', () => {
    assert.deepEqual(references('const v = "arXiv:2502.18858";\n', 'typescript'), []);
  });

  test('bare id in a comment is not recognised', () => {
    assert.deepEqual(references('# 2502.18858\n', 'python'), []);
  });
});
