import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { splitMath, type MathSegment } from '../../src/webview/math';

const text = (value: string): MathSegment => ({ kind: 'text', value });
const inline = (value: string): MathSegment => ({ kind: 'math', value, display: false });
const display = (value: string): MathSegment => ({ kind: 'math', value, display: true });

describe('splitMath', () => {
  const cases: Array<{ name: string; input: string; expected: MathSegment[] }> = [
    { name: 'plain text', input: 'No math here.', expected: [text('No math here.')] },
    { name: 'empty string', input: '', expected: [] },
    {
      name: 'inline dollars',
      input: 'Energy $E=mc^2$ holds.',
      expected: [text('Energy '), inline('E=mc^2'), text(' holds.')],
    },
    {
      name: 'display dollars',
      input: 'Sum $$\\sum_i x_i$$ done',
      expected: [text('Sum '), display('\\sum_i x_i'), text(' done')],
    },
    {
      name: 'bracket display',
      input: 'A \\[x^2\\] B',
      expected: [text('A '), display('x^2'), text(' B')],
    },
    {
      name: 'paren inline',
      input: 'A \\(\\alpha\\) B',
      expected: [text('A '), inline('\\alpha'), text(' B')],
    },
    {
      name: 'math at both ends',
      input: '$a$ and $b$',
      expected: [inline('a'), text(' and '), inline('b')],
    },
    {
      name: 'adjacent math',
      input: '$a$$$b$$',
      expected: [inline('a'), display('b')],
    },
    { name: 'escaped dollar', input: 'costs \\$5 total', expected: [text('costs \\$5 total')] },
    {
      name: 'escaped dollar inside math',
      input: '$a\\$b$',
      expected: [inline('a\\$b')],
    },
    { name: 'unmatched dollar', input: 'only $ one', expected: [text('only $ one')] },
    { name: 'unmatched display', input: 'open $$x never', expected: [text('open $$x never')] },
    { name: 'unmatched paren', input: 'open \\(x never', expected: [text('open \\(x never')] },
    { name: 'currency', input: 'between $5 and $10 each', expected: [text('between $5 and $10 each')] },
    {
      name: 'currency then math',
      input: 'costs $5, or $x$ here',
      expected: [text('costs $5, or '), inline('x'), text(' here')],
    },
    { name: 'space after opening', input: 'a $ x$ b', expected: [text('a $ x$ b')] },
    { name: 'space before closing', input: 'a $x $ b', expected: [text('a $x $ b')] },
    { name: 'digit after closing', input: 'a $x$5 b', expected: [text('a $x$5 b')] },
    {
      name: 'digit after opening',
      input: 'size $2^n$ grows',
      expected: [text('size '), inline('2^n'), text(' grows')],
    },
    {
      name: 'inline across line break',
      input: '$a +\nb$',
      expected: [inline('a +\nb')],
    },
    { name: 'inline across blank line', input: '$a\n\nb$', expected: [text('$a\n\nb$')] },
    {
      name: 'display across blank line',
      input: '$$a\n\nb$$',
      expected: [display('a\n\nb')],
    },
    { name: 'empty display', input: '$$$$', expected: [text('$$$$')] },
    {
      name: 'braces and backslashes kept',
      input: '$\\mathcal{O}(n\\log n)$',
      expected: [inline('\\mathcal{O}(n\\log n)')],
    },
    {
      name: 'double backslash before dollar',
      input: '$a\\\\$ b',
      expected: [inline('a\\\\'), text(' b')],
    },
  ];

  for (const { name, input, expected } of cases) {
    test(name, () => {
      assert.deepEqual(splitMath(input), expected);
    });
  }

  test('segments rebuild the input', () => {
    const input = 'Mix $a$ with $$b$$, \\(c\\), \\[d\\] and $5 prices.';
    const rebuilt = splitMath(input)
      .map((segment) => {
        if (segment.kind === 'text') {
          return segment.value;
        }
        return segment.display ? `$$${segment.value}$$` : `$${segment.value}$`;
      })
      .join('');
    assert.equal(rebuilt, 'Mix $a$ with $$b$$, $c$, $$d$$ and $5 prices.');
  });

  test('maxMath leaves later math as text', () => {
    assert.deepEqual(splitMath('$a$ then $b$ and \\(c\\) end', 1), [inline('a'), text(' then $b$ and \\(c\\) end')]);
  });

  test('maxMath bounds a huge input', () => {
    const segments = splitMath('word $x^2$ '.repeat(100_000), 200);
    assert.equal(segments.filter((segment) => segment.kind === 'math').length, 200);
    assert.equal(segments.length, 401);
    assert.equal(segments[400].kind, 'text');
  });
});
