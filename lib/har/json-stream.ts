// A streaming reader of a HAR's JSON text: walks the structure down to log.entries without parsing the
// whole file, and hands each entry's text (and log.version / creator / browser) over as soon as it ends.
// Strings are skipped with indexOf, so a 100 MB file costs one pass and one entry's text at a time.

/** What the reader reports, as it goes. */
export interface HarStreamSink {
  /** `log.version`, `log.creator` or `log.browser`: the value's JSON text. */
  meta(key: 'version' | 'creator' | 'browser', text: string): void;
  /** One element of `log.entries` that is an object: its JSON text (index counts every element). */
  entry(text: string, index: number): void;
  /** An element of `log.entries` that was skipped: not an object, past the entry budget, or too long. */
  skipped(index: number, why: 'not-object' | 'budget' | 'too-long'): void;
}

/** Why reading stopped early (the reader reads nothing after it). */
export interface HarStreamFailure {
  code: 'har-not-har' | 'har-malformed';
  message: string;
  offset: number;
}

type Role = 'root' | 'log' | 'entries';

interface Frame {
  role: Role;
  kind: 'obj' | 'arr';
  /** obj: key → colon → value → comma; arr: value → comma. */
  state: 'key' | 'colon' | 'value' | 'comma';
  key?: string;
  /** An object or array just opened (a closing bracket is allowed before any member). */
  empty: boolean;
}

/** A value being read: its text kept (capture) or not (skip). */
interface Value {
  capture: boolean;
  /** `key`: an object member's name (of root or log); `meta`/`entry`: kept for the sink; `skip`: dropped. */
  role: 'key' | 'meta' | 'entry' | 'skip';
  index: number;
  depth: number;
  inString: boolean;
  escaped: boolean;
  scalar: boolean;
  parts: string[];
  chars: number;
  /** When an entry is too long, its text is dropped and the entry reported as skipped. */
  tooLong: boolean;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff]);

/** Reads a HAR's JSON text chunk by chunk (see {@link HarStreamSink}). */
export class HarJsonStream {
  private stack: Frame[] = [];
  private started = false;
  private done = false;
  private value: Value | undefined;
  private offset = 0;
  private entryIndex = 0;
  private sawLog = false;
  private sawEntries = false;
  /** Set once reading stopped on bad input. */
  failure: HarStreamFailure | undefined;

  constructor(
    private readonly sink: HarStreamSink,
    private readonly maxEntries: number,
    private readonly maxEntryChars: number,
  ) {}

  /** True once the root object closed. */
  get complete(): boolean {
    return this.done;
  }

  /** True when `log.entries` was found (even if cut short). */
  get hasEntries(): boolean {
    return this.sawEntries;
  }

  /** True when the root object has a `log` object. */
  get hasLog(): boolean {
    return this.sawLog;
  }

  /** True while an entry was being read when the text stopped. */
  get inEntry(): boolean {
    return this.value?.role === 'entry';
  }

  /** Reads one chunk. */
  push(text: string): void {
    if (this.failure) return;
    let i = 0;
    const n = text.length;
    while (i < n && !this.failure) {
      if (this.value) {
        i = this.readValue(text, i);
        continue;
      }
      const c = text.charCodeAt(i);
      if (WS.has(c)) {
        i++;
        continue;
      }
      if (this.done) {
        this.fail('har-malformed', 'text after the end of the HAR', i);
        break;
      }
      if (!this.started) {
        if (c !== 0x7b) {
          this.fail('har-not-har', 'not a HAR file: it does not start with a JSON object', i);
          break;
        }
        this.started = true;
        this.stack.push({ role: 'root', kind: 'obj', state: 'key', empty: true });
        i++;
        continue;
      }
      i = this.structural(text, i, c);
    }
    this.offset += n;
  }

  private fail(code: HarStreamFailure['code'], message: string, at: number): void {
    this.failure = { code, message, offset: this.offset + at };
  }

  private structural(text: string, i: number, c: number): number {
    const frame = this.stack[this.stack.length - 1]!;
    const close = frame.kind === 'obj' ? 0x7d : 0x5d;
    if (c === close && (frame.state === 'comma' || frame.empty)) {
      this.stack.pop();
      const parent = this.stack[this.stack.length - 1];
      if (parent) parent.state = 'comma';
      else this.done = true;
      return i + 1;
    }
    switch (frame.state) {
      case 'key':
        if (c !== 0x22) break;
        this.begin('key', true);
        return i;
      case 'colon':
        if (c !== 0x3a) break;
        frame.state = 'value';
        return i + 1;
      case 'comma':
        if (c !== 0x2c) break;
        frame.state = frame.kind === 'obj' ? 'key' : 'value';
        frame.empty = false;
        return i + 1;
      case 'value':
        return this.startValue(frame, i, c);
    }
    this.fail('har-malformed', `unexpected ${JSON.stringify(text[i])} in the HAR's JSON`, i);
    return i;
  }

  private startValue(frame: Frame, i: number, c: number): number {
    frame.empty = false;
    if (frame.role === 'root' && frame.key === 'log') {
      if (c !== 0x7b) {
        this.fail('har-not-har', 'not a HAR file: "log" is not an object', i);
        return i;
      }
      this.sawLog = true;
      this.stack.push({ role: 'log', kind: 'obj', state: 'key', empty: true });
      return i + 1;
    }
    if (frame.role === 'log' && frame.key === 'entries') {
      if (c !== 0x5b) {
        this.fail('har-not-har', 'not a HAR file: "log.entries" is not an array', i);
        return i;
      }
      this.sawEntries = true;
      this.stack.push({ role: 'entries', kind: 'arr', state: 'value', empty: true });
      return i + 1;
    }
    if (frame.role === 'log' && (frame.key === 'version' || frame.key === 'creator' || frame.key === 'browser')) {
      this.begin('meta', true);
      return i;
    }
    if (frame.role === 'entries') {
      const index = this.entryIndex++;
      if (c !== 0x7b) {
        this.sink.skipped(index, 'not-object');
        this.begin('skip', false);
      } else if (index >= this.maxEntries) {
        this.sink.skipped(index, 'budget');
        this.begin('skip', false);
      } else this.begin('entry', true, index);
      return i;
    }
    this.begin('skip', false);
    return i;
  }

  private begin(role: Value['role'], capture: boolean, index = -1): void {
    this.value = {
      capture,
      role,
      index,
      depth: 0,
      inString: false,
      escaped: false,
      scalar: false,
      parts: [],
      chars: 0,
      tooLong: false,
    };
  }

  /** Reads the current value from `start`; returns where reading stopped (the chunk's end, or after the value). */
  private readValue(text: string, start: number): number {
    const v = this.value!;
    const n = text.length;
    let i = start;
    let first = v.depth === 0 && !v.inString && !v.scalar && v.chars === 0 && v.parts.length === 0;
    while (i < n) {
      if (v.inString) {
        if (v.escaped) {
          v.escaped = false;
          i++;
          continue;
        }
        let j = text.indexOf('"', i);
        for (;;) {
          if (j < 0) break;
          let k = j - 1;
          while (k >= i && text.charCodeAt(k) === 0x5c) k--;
          if ((j - 1 - k) % 2 === 0) break;
          j = text.indexOf('"', j + 1);
        }
        if (j < 0) {
          let k = n - 1;
          while (k >= i && text.charCodeAt(k) === 0x5c) k--;
          v.escaped = (n - 1 - k) % 2 === 1;
          break;
        }
        i = j + 1;
        v.inString = false;
        if (v.depth === 0) return this.end(text, start, i);
        continue;
      }
      const c = text.charCodeAt(i);
      if (first) {
        first = false;
        if (c === 0x22) {
          v.inString = true;
          i++;
          continue;
        }
        if (c !== 0x7b && c !== 0x5b) v.scalar = true;
      }
      if (v.scalar) {
        // A number, true, false or null ends at a delimiter (not part of it).
        if (c === 0x2c || c === 0x7d || c === 0x5d || WS.has(c)) return this.end(text, start, i);
        i++;
        continue;
      }
      if (c === 0x22) v.inString = true;
      else if (c === 0x7b || c === 0x5b) v.depth++;
      else if (c === 0x7d || c === 0x5d) {
        v.depth--;
        if (v.depth === 0) return this.end(text, start, i + 1);
      }
      i++;
    }
    this.keep(text, start, n);
    return n;
  }

  private keep(text: string, from: number, to: number): void {
    const v = this.value!;
    v.chars += to - from;
    if (!v.capture) return;
    if (v.role === 'entry' && v.chars > this.maxEntryChars) {
      v.capture = false;
      v.tooLong = true;
      v.parts = [];
      return;
    }
    v.parts.push(text.slice(from, to));
  }

  private end(text: string, from: number, to: number): number {
    this.keep(text, from, to);
    const v = this.value!;
    this.value = undefined;
    const frame = this.stack[this.stack.length - 1]!;
    if (v.role === 'key') {
      frame.key = parseKey(v.parts.join(''));
      frame.state = 'colon';
      return to;
    }
    frame.state = 'comma';
    if (v.role === 'entry') {
      if (v.tooLong) this.sink.skipped(v.index, 'too-long');
      else this.sink.entry(v.parts.join(''), v.index);
    } else if (v.role === 'meta') this.sink.meta(frame.key as 'version' | 'creator' | 'browser', v.parts.join(''));
    return to;
  }
}

function parseKey(text: string): string {
  try {
    const k: unknown = JSON.parse(text);
    return typeof k === 'string' ? k : '';
  } catch {
    return '';
  }
}
