// A tolerant BibTeX parser for editor features: it keeps every entry it can read, reports
// each syntax error with offsets, and resynchronises at the next `@` that starts a line, so
// one broken entry never hides the ones after it. Values are kept as written (outer braces
// or quotes removed, `#` parts joined, `@string` macros expanded); TeX is not interpreted.

export interface BibRange {
  start: number;
  end: number;
}

export interface BibEntry {
  /** Entry type in lower case, e.g. `article` or `misc`. */
  type: string;
  key: string;
  /** Field values by lower-case field name. */
  fields: Record<string, string>;
  /** From the `@` to just after the closing brace or parenthesis (or where parsing stopped). */
  range: BibRange;
  keyRange: BibRange;
}

export interface BibParseError extends BibRange {
  message: string;
}

export interface BibDuplicate {
  key: string;
  first: BibEntry;
  duplicate: BibEntry;
}

export interface BibParseResult {
  entries: BibEntry[];
  errors: BibParseError[];
  /** Entries whose key repeats an earlier one, compared without regard to case as BibTeX does. */
  duplicates: BibDuplicate[];
  /** `@string` macros by lower-case name, the predefined month names included. */
  strings: Record<string, string>;
  preambles: string[];
}

const MONTHS: Record<string, string> = {
  jan: 'January',
  feb: 'February',
  mar: 'March',
  apr: 'April',
  may: 'May',
  jun: 'June',
  jul: 'July',
  aug: 'August',
  sep: 'September',
  oct: 'October',
  nov: 'November',
  dec: 'December',
};

const IDENTIFIER = /[A-Za-z_][\w\-.:+/]*/y;
const ENTRY_START = /@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])/y;
/** An entry header at the start of a line; a braced value that reaches one was never closed. */
const LINE_START_ENTRY = /\n[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]/g;
const KEY = /[^\s,{}()=#"%]+/y;

/** Thrown inside an entry to abandon it; the parser records the error and resynchronises. */
class EntryAbort {
  constructor(readonly error: BibParseError) {}
}

export function parseBibTeX(text: string): BibParseResult {
  return new BibParser(text).parse();
}

class BibParser {
  private position = 0;
  private readonly entries: BibEntry[] = [];
  private readonly errors: BibParseError[] = [];
  private readonly strings: Record<string, string> = { ...MONTHS };
  private readonly preambles: string[] = [];
  /** Offsets of every `@entry{` header that starts a line, ascending; the resync points. */
  private readonly lineStarts: number[] = [];

  constructor(private readonly text: string) {
    if (/^[ \t]*@/.test(text)) {
      this.lineStarts.push(text.indexOf('@'));
    }
    for (const match of text.matchAll(LINE_START_ENTRY)) {
      this.lineStarts.push((match.index ?? 0) + match[0].indexOf('@'));
    }
  }

  parse(): BibParseResult {
    while (this.position < this.text.length) {
      const at = this.text.indexOf('@', this.position);
      if (at === -1) {
        break;
      }

      // Text between entries is a comment in BibTeX, so an `@` that starts no entry (an
      // e-mail address, say) is skipped without an error. An `@` on a line that starts with `%` is commented out.
      ENTRY_START.lastIndex = at;
      const header = ENTRY_START.exec(this.text);
      if (!header || isInCommentLine(this.text, at)) {
        this.position = at + 1;
        continue;
      }

      this.position = ENTRY_START.lastIndex;
      try {
        this.parseEntry(at, header[1].toLowerCase(), header[2]);
      } catch (error) {
        if (!(error instanceof EntryAbort)) {
          throw error;
        }
        this.errors.push(error.error);
        this.position = Math.max(this.nextResyncPoint(at + 1), error.error.start + 1);
      }
    }

    return {
      entries: this.entries,
      errors: this.errors,
      duplicates: findDuplicates(this.entries),
      strings: this.strings,
      preambles: this.preambles,
    };
  }

  private parseEntry(start: number, type: string, opener: string): void {
    const closer = opener === '{' ? '}' : ')';

    if (type === 'comment') {
      this.position = this.skipBalanced(start, opener, closer);
      return;
    }
    if (type === 'preamble') {
      this.skipSpace();
      this.preambles.push(this.parseValue('the @preamble'));
      this.expectClose(closer, '@preamble');
      return;
    }
    if (type === 'string') {
      this.skipSpace();
      const name = this.readIdentifier();
      if (!name) {
        throw this.abort('Missing macro name after @string{. Write @string{name = "value"}.', this.position, this.position + 1);
      }
      this.skipSpace();
      this.expectChar('=', `Missing "=" after @string name "${name}".`);
      this.skipSpace();
      this.strings[name.toLowerCase()] = this.parseValue(`@string ${name}`);
      this.expectClose(closer, `@string ${name}`);
      return;
    }

    this.skipSpace();
    KEY.lastIndex = this.position;
    const keyMatch = KEY.exec(this.text);
    if (!keyMatch || this.isResyncPoint(this.position)) {
      throw this.abort(`Missing cite key in @${type} entry. Write @${type}{key, ...}.`, start, this.position);
    }
    const key = keyMatch[0];
    const keyRange = { start: this.position, end: this.position + key.length };
    this.position = keyRange.end;

    const entry: BibEntry = { type, key, fields: {}, range: { start, end: start }, keyRange };
    this.parseFields(entry, closer);
    this.entries.push(entry);
  }

  /** Reads `, name = value` pairs up to the closing delimiter, recovering from a missing comma or `=`. */
  private parseFields(entry: BibEntry, closer: string): void {
    const label = `entry "${entry.key}"`;
    let needComma = true;

    for (;;) {
      this.skipSpace();
      const at = this.position;

      if (at >= this.text.length || this.isResyncPoint(at)) {
        entry.range.end = at;
        const where = at >= this.text.length ? 'the end of the file' : 'the next entry';
        this.errors.push({
          message: `Entry "${entry.key}" is not closed before ${where}: add "${closer}".`,
          start: entry.range.start,
          end: entry.keyRange.end,
        });
        return;
      }

      const char = this.text[at];
      if (char === closer) {
        this.position = at + 1;
        entry.range.end = this.position;
        return;
      }
      if (char === ',') {
        this.position = at + 1;
        needComma = false;
        continue;
      }

      const name = this.readIdentifier();
      if (!name) {
        this.errors.push({ message: `Unexpected "${char}" in ${label}: expected a field name, "," or "${closer}".`, start: at, end: at + 1 });
        this.skipToFieldEnd(closer);
        continue;
      }
      if (needComma) {
        this.errors.push({ message: `Missing "," before field "${name}" in ${label}: add a comma after the previous field.`, start: at, end: at + name.length });
      }

      this.skipSpace();
      if (this.text[this.position] !== '=') {
        this.errors.push({
          message: `Missing "=" after field "${name}" in ${label}: write ${name} = {value}.`,
          start: at,
          end: at + name.length,
        });
        this.skipToFieldEnd(closer);
        needComma = false;
        continue;
      }
      this.position++;
      this.skipSpace();

      const value = this.parseValue(`field "${name}" of ${label}`, entry);
      entry.fields[name.toLowerCase()] = value;
      needComma = true;
    }
  }

  /**
   * Parses `part (# part)*` where a part is `{...}`, `"..."`, a number or a macro name.
   * A value that runs into the next line-start entry aborts the entry, but when `entry`
   * is given it is kept with the fields read so far.
   */
  private parseValue(label: string, entry?: BibEntry): string {
    let value = '';
    for (;;) {
      const at = this.position;
      const char = this.text[at];

      if (char === '{' || char === '"') {
        const end = this.findValueEnd(at, char);
        if (end === undefined) {
          const stop = this.nextResyncPoint(at + 1);
          const what = char === '{' ? 'brace' : 'quote';
          const error = { message: `Unclosed ${what} in ${label}: add the closing ${what === 'brace' ? '"}"' : 'quote'}.`, start: at, end: Math.min(stop, lineEnd(this.text, at)) };
          if (entry) {
            entry.range.end = stop;
            this.entries.push(entry);
          }
          throw new EntryAbort(error);
        }
        value += this.text.slice(at + 1, end);
        this.position = end + 1;
      } else if (char !== undefined && /\d/.test(char)) {
        const digits = /\d+/y;
        digits.lastIndex = at;
        const number = digits.exec(this.text)![0];
        value += number;
        this.position = at + number.length;
      } else {
        const name = this.readIdentifier();
        if (!name) {
          throw this.abort(`Missing value for ${label}: expected {...}, "...", a number or a @string name.`, at, at + 1);
        }
        value += this.strings[name.toLowerCase()] ?? name;
      }

      this.skipSpace();
      if (this.text[this.position] !== '#') {
        return value;
      }
      this.position++;
      this.skipSpace();
    }
  }

  /**
   * Returns the offset of the `}` or `"` that closes the value opened at `open`, or
   * `undefined` when the file ends or a line-start entry comes first. Inside quotes a `"`
   * closes only at brace depth 0, as in BibTeX.
   */
  private findValueEnd(open: number, opener: string): number | undefined {
    const limit = this.nextResyncPoint(open + 1);
    let depth = opener === '{' ? 1 : 0;
    for (let index = open + 1; index < limit; index++) {
      const char = this.text[index];
      if (char === '\\') {
        index++;
      } else if (char === '{') {
        depth++;
      } else if (char === '}') {
        depth--;
        if (opener === '{' && depth === 0) {
          return index;
        }
        if (depth < 0) {
          return undefined;
        }
      } else if (char === '"' && opener === '"' && depth === 0) {
        return index;
      }
    }
    return undefined;
  }

  /** Skips a broken field up to the next top-level `,` or the entry's closing delimiter. */
  private skipToFieldEnd(closer: string): void {
    const limit = this.nextResyncPoint(this.position);
    let depth = 0;
    while (this.position < limit) {
      const char = this.text[this.position];
      if (char === '{') {
        depth++;
      } else if (char === '}' && depth > 0) {
        depth--;
      } else if (depth === 0 && (char === ',' || char === closer)) {
        return;
      }
      this.position++;
    }
  }

  /** Returns the offset after the delimiter that closes the one at or after `from`, or the next resync point. */
  private skipBalanced(from: number, opener: string, closer: string): number {
    const limit = this.nextResyncPoint(from + 1);
    let depth = 0;
    for (let index = this.text.indexOf(opener, from); index !== -1 && index < limit; index++) {
      const char = this.text[index];
      if (char === opener) {
        depth++;
      } else if (char === closer && --depth === 0) {
        return index + 1;
      }
    }
    return limit;
  }

  private expectClose(closer: string, label: string): void {
    this.skipSpace();
    if (this.text[this.position] === closer) {
      this.position++;
      return;
    }
    throw this.abort(`Missing "${closer}" to close ${label}.`, this.position, this.position + 1);
  }

  private expectChar(char: string, message: string): void {
    if (this.text[this.position] !== char) {
      throw this.abort(message, this.position, this.position + 1);
    }
    this.position++;
  }

  /** Skips whitespace and `%` comment lines, which .bib files often contain between fields. */
  private skipSpace(): void {
    for (;;) {
      while (this.position < this.text.length && /\s/.test(this.text[this.position])) {
        this.position++;
      }
      if (this.text[this.position] !== '%') {
        return;
      }
      const end = this.text.indexOf('\n', this.position);
      this.position = end === -1 ? this.text.length : end + 1;
    }
  }

  private readIdentifier(): string | undefined {
    IDENTIFIER.lastIndex = this.position;
    const match = IDENTIFIER.exec(this.text);
    if (!match) {
      return undefined;
    }
    this.position += match[0].length;
    return match[0];
  }

  private isResyncPoint(offset: number): boolean {
    return this.lineStarts[this.lineStartIndexAtOrAfter(offset)] === offset;
  }

  /** Returns the first line-start entry at or after `offset`, or the end of the text. */
  private nextResyncPoint(offset: number): number {
    return this.lineStarts[this.lineStartIndexAtOrAfter(offset)] ?? this.text.length;
  }

  private lineStartIndexAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.lineStarts[middle] < offset) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private abort(message: string, start: number, end: number): EntryAbort {
    return new EntryAbort({ message, start, end: Math.max(end, start + 1) });
  }
}

function isInCommentLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*%/.test(text.slice(lineStart, offset));
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function findDuplicates(entries: BibEntry[]): BibDuplicate[] {
  const seen = new Map<string, BibEntry>();
  const duplicates: BibDuplicate[] = [];
  for (const entry of entries) {
    const normalised = entry.key.toLowerCase();
    const first = seen.get(normalised);
    if (first) {
      duplicates.push({ key: entry.key, first, duplicate: entry });
    } else {
      seen.set(normalised, entry);
    }
  }
  return duplicates;
}
