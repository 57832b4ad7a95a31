// Finds TeX math in abstract text so it can be rendered with KaTeX before the rest goes
// through Markdown. Pure string code with no DOM, so it runs in unit tests under Node.

export type MathSegment =
  | { kind: 'text'; value: string }
  | { kind: 'math'; value: string; display: boolean };

/**
 * Splits `text` into plain text and math. Display math is `$$...$$` or `\[...\]`, and
 * inline math is `$...$` or `\(...\)`. Math values are the TeX between the delimiters.
 *
 * `$...$` follows Pandoc's rule so prices stay text: the opening `$` is not followed by
 * whitespace, and the first unescaped `$` after it closes the math only when it is not
 * preceded by whitespace or followed by a digit. Inline math does not cross a blank line.
 * An escaped `\$` and any delimiter without a partner stay in the text unchanged.
 *
 * After `maxMath` math segments the search stops and the rest of `text` is one text segment,
 * which bounds the work a hostile abstract can cause here and in KaTeX.
 */
export function splitMath(text: string, maxMath = Number.POSITIVE_INFINITY): MathSegment[] {
  const segments: MathSegment[] = [];
  let textStart = 0;
  let index = 0;
  let mathCount = 0;
  // For each closing delimiter, the position from which a search already found none. A
  // later search from there on would fail too, so it is skipped, which keeps an abstract
  // full of unclosed `\[` linear instead of quadratic.
  const misses = new Map<string, number>();

  const pushMath = (start: number, end: number, value: string, display: boolean): void => {
    if (start > textStart) {
      pushText(segments, text.slice(textStart, start));
    }
    segments.push({ kind: 'math', value, display });
    mathCount++;
    textStart = end;
    index = end;
  };

  while (index < text.length && mathCount < maxMath) {
    const match = matchMathAt(text, index, misses);
    if (match) {
      pushMath(index, match.end, match.value, match.display);
      continue;
    }

    // A backslash escapes the next character, so `\$` never opens math, and an unmatched
    // `$$` is skipped whole so its second `$` cannot open inline math.
    index += text[index] === '\\' || text.startsWith('$$', index) ? 2 : 1;
  }

  if (textStart < text.length) {
    pushText(segments, text.slice(textStart));
  }
  return segments;
}

interface MathMatch {
  value: string;
  display: boolean;
  /** Index just after the closing delimiter. */
  end: number;
}

function matchMathAt(text: string, start: number, misses: Map<string, number>): MathMatch | undefined {
  if (text.startsWith('\\[', start)) {
    return matchDelimited(text, start, '\\[', '\\]', true, misses);
  }
  if (text.startsWith('\\(', start)) {
    return matchDelimited(text, start, '\\(', '\\)', false, misses);
  }
  if (text.startsWith('$$', start)) {
    return matchDelimited(text, start, '$$', '$$', true, misses);
  }
  if (text[start] === '$') {
    return matchInlineDollar(text, start, misses);
  }
  return undefined;
}

function matchDelimited(
  text: string,
  start: number,
  open: string,
  close: string,
  display: boolean,
  misses: Map<string, number>,
): MathMatch | undefined {
  const contentStart = start + open.length;
  const closeAt = findUnescaped(text, close, contentStart, misses);
  if (closeAt === -1) {
    return undefined;
  }

  const value = text.slice(contentStart, closeAt);
  if (value.trim() === '' || (!display && /\n\s*\n/.test(value))) {
    return undefined;
  }
  return { value, display, end: closeAt + close.length };
}

function matchInlineDollar(text: string, start: number, misses: Map<string, number>): MathMatch | undefined {
  const first = text[start + 1];
  if (first === undefined || /\s/.test(first)) {
    return undefined;
  }

  const closeAt = findUnescaped(text, '$', start + 1, misses);
  if (closeAt === -1) {
    return undefined;
  }
  const before = text[closeAt - 1];
  const after = text[closeAt + 1] ?? '';
  if (/\s/.test(before) || /\d/.test(after)) {
    return undefined;
  }

  const value = text.slice(start + 1, closeAt);
  if (/\n\s*\n/.test(value)) {
    return undefined;
  }
  return { value, display: false, end: closeAt + 1 };
}

/** Finds `needle` at or after `from`, skipping backslash escapes such as `\$` or `\\`. */
function findUnescaped(text: string, needle: string, from: number, misses: Map<string, number>): number {
  const missFrom = misses.get(needle);
  if (missFrom !== undefined && from >= missFrom) {
    return -1;
  }

  let index = from;
  while (index < text.length) {
    if (text.startsWith(needle, index)) {
      return index;
    }
    index += text[index] === '\\' ? 2 : 1;
  }
  misses.set(needle, from);
  return -1;
}

function pushText(segments: MathSegment[], value: string): void {
  const last = segments[segments.length - 1];
  if (last?.kind === 'text') {
    last.value += value;
  } else {
    segments.push({ kind: 'text', value });
  }
}
