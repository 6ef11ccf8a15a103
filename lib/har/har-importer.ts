import { addSighting, emptyCapture, type CapturedToken, type TabCapture } from '../capture/model.ts';
import { isLogoutUrl } from '../timeline/build-timeline.ts';
import { isObject } from '../util/json-value.ts';
import { readHarEntry, type EntryContext } from './har-entry.ts';
import { HarJsonStream } from './json-stream.ts';
import type {
  HarError,
  HarImporterApi,
  HarImportLimits,
  HarImportOptions,
  HarImportResult,
  HarProgress,
  HarSource,
} from './model.ts';
import type { RequestRecord } from '../types.ts';

/** The bounds of an import when none are given. */
export const DEFAULT_HAR_LIMITS: HarImportLimits = {
  maxEntries: 200_000,
  maxChars: 512 * 1_048_576,
  maxEntryChars: 64 * 1_048_576,
  maxRequests: 50_000,
  maxBodyBytes: 16 * 1_048_576,
  capture: { maxTokens: 5000, maxSightings: 200_000, maxSightingsPerToken: 20_000 },
};

// Bad entries described one by one at most (the rest are counted).
const MAX_BAD_ENTRIES = 20;

interface Meta {
  version?: string;
  creator?: { name: string; version?: string };
  browser?: { name: string; version?: string };
}

function named(text: string): { name: string; version?: string } | undefined {
  try {
    const v: unknown = JSON.parse(text);
    if (!isObject(v) || typeof v.name !== 'string') return undefined;
    return typeof v.version === 'string' ? { name: v.name, version: v.version } : { name: v.name };
  } catch {
    return undefined;
  }
}

function flavourOf(meta: Meta, hints: { firefox: number; chrome: number }): HarSource['flavour'] {
  const names = `${meta.creator?.name ?? ''} ${meta.browser?.name ?? ''}`.toLowerCase();
  if (names.includes('firefox') || hints.firefox) return 'firefox';
  if (names.includes('webkit') || names.includes('safari')) return 'safari';
  if (names.includes('chrom') || names.includes('webinspector') || names.includes('edge') || hints.chrome)
    return 'chrome';
  return 'other';
}

/**
 * Reads a HAR 1.2 file (Chrome, Firefox, Safari, Playwright) incrementally into a capture of its
 * own: push chunks as a Web Worker reads the file, then `finish`. Tokens and sightings are found
 * with live capture's finders (`via: 'file-import'`); request records are kept for entries that
 * carried or received a token, were answered 401/403, or went to a logout URL. What the bounds
 * leave out is counted; malformed or truncated text stops with a specific code and keeps what was read.
 */
export class HarImporter implements HarImporterApi {
  private readonly limits: HarImportLimits;
  private readonly stream: HarJsonStream;
  private readonly capture: TabCapture = emptyCapture(-1);
  private readonly index = new Map<string, CapturedToken>();
  private readonly requests: RequestRecord[] = [];
  private readonly ctx: EntryContext = { lastTime: undefined };
  /** Cookie name → the token it last held (a deletion removes that token's stored copy). */
  private readonly jar = new Map<string, string>();
  private readonly meta: Meta = {};
  private readonly hints = { firefox: 0, chrome: 0 };
  private readonly badEntries: HarError[] = [];
  private readonly dropped = { entries: 0, sightings: 0, requests: 0, bodies: 0, badEntries: 0 };
  private chars = 0;
  private entries = 0;
  private bodyBytes = 0;
  private credentials = false;
  private start = Infinity;
  private end = -Infinity;
  private error: HarError | undefined;
  private result: HarImportResult | undefined;

  constructor(options: HarImportOptions = {}) {
    this.limits = { ...DEFAULT_HAR_LIMITS, ...options.limits };
    this.stream = new HarJsonStream(
      {
        meta: (key, text) => this.onMeta(key, text),
        entry: (text, i) => this.onEntry(text, i),
        skipped: (i, why) => {
          if (why === 'budget') this.dropped.entries++;
          else
            this.bad(
              i,
              why === 'too-long'
                ? `entry ${i} is longer than ${this.limits.maxEntryChars} characters`
                : `entry ${i} is not an object`,
            );
        },
      },
      this.limits.maxEntries,
      this.limits.maxEntryChars,
    );
  }

  /** How far the import is. */
  get progress(): HarProgress {
    return { chars: this.chars, entries: this.entries, tokens: this.capture.tokens.length };
  }

  /** Reads one more chunk of the file's text. */
  push(chunk: string): HarProgress {
    if (this.result || this.error || typeof chunk !== 'string') return this.progress;
    const room = this.limits.maxChars - this.chars;
    const text = chunk.length > room ? chunk.slice(0, Math.max(room, 0)) : chunk;
    try {
      this.stream.push(text);
    } catch (e) {
      this.error = { code: 'har-malformed', message: `could not read the HAR: ${String(e)}`, offset: this.chars };
    }
    this.chars += text.length;
    if (this.stream.failure && !this.error) this.error = { ...this.stream.failure };
    if (text.length < chunk.length && !this.error)
      this.error = {
        code: 'har-too-large',
        message: `the HAR is larger than ${this.limits.maxChars} characters: reading stopped there`,
        offset: this.chars,
      };
    return this.progress;
  }

  /** Ends the input and returns the import. */
  finish(): HarImportResult {
    if (this.result) return this.result;
    if (!this.error) {
      const at = this.chars;
      if (this.chars === 0) this.error = { code: 'har-not-har', message: 'the file is empty', offset: 0 };
      else if (!this.stream.complete && !this.stream.hasLog)
        this.error = {
          code: 'har-not-har',
          message: 'not a HAR file: the text ends before a "log" object',
          offset: at,
        };
      else if (!this.stream.complete && !this.stream.hasEntries)
        this.error = { code: 'har-truncated', message: 'the HAR is cut off before its entries', offset: at };
      else if (!this.stream.complete) {
        const last = this.stream.inEntry ? ' (the last one is incomplete and was dropped)' : '';
        this.error = {
          code: 'har-truncated',
          message: `the HAR is cut off after ${this.entries} entries${last}`,
          offset: at,
        };
      } else if (!this.stream.hasLog || !this.stream.hasEntries)
        this.error = { code: 'har-not-har', message: 'not a HAR file: it has no log.entries', offset: 0 };
    }
    return this.settle();
  }

  /** Stops reading; the result so far, with `har-cancelled`. */
  cancel(): HarImportResult {
    if (this.result) return this.result;
    this.error ??= { code: 'har-cancelled', message: `cancelled after ${this.entries} entries`, offset: this.chars };
    return this.settle();
  }

  private settle(): HarImportResult {
    this.dropped.sightings = this.capture.dropped;
    const notes: string[] = [];
    const source: HarSource = { flavour: flavourOf(this.meta, this.hints) };
    if (this.meta.version !== undefined) source.version = this.meta.version;
    if (this.meta.creator) source.creator = this.meta.creator;
    if (this.meta.browser) source.browser = this.meta.browser;
    if (this.entries > 0 && !this.credentials)
      notes.push(
        'No entry has a Cookie, Authorization or Set-Cookie header: the HAR was probably exported sanitised (Chrome does so unless "Allow to generate HAR with sensitive data" is on), so tokens sent in them are not in it.',
      );
    if (this.dropped.entries)
      notes.push(`${this.dropped.entries} entries past the limit of ${this.limits.maxEntries} were not read.`);
    if (this.dropped.sightings)
      notes.push(`${this.dropped.sightings} sightings were dropped to stay within the capture bounds.`);
    if (this.dropped.requests)
      notes.push(
        `${this.dropped.requests} request records past the limit of ${this.limits.maxRequests} were not kept.`,
      );
    if (this.dropped.bodies)
      notes.push(
        `${this.dropped.bodies} request bodies were not kept (body budget ${this.limits.maxBodyBytes} bytes).`,
      );
    if (this.dropped.badEntries) notes.push(`${this.dropped.badEntries} entries could not be read.`);
    const result: HarImportResult = {
      tokens: this.capture.tokens,
      requests: this.requests,
      source,
      entries: this.entries,
      dropped: { ...this.dropped },
      badEntries: this.badEntries,
      notes,
      chars: this.chars,
    };
    if (Number.isFinite(this.start)) {
      result.start = this.start;
      result.end = this.end;
    }
    if (this.error) result.error = this.error;
    this.result = result;
    return result;
  }

  private bad(index: number, message: string): void {
    this.dropped.badEntries++;
    if (this.badEntries.length < MAX_BAD_ENTRIES)
      this.badEntries.push({ code: 'har-bad-entry', message, entry: index });
  }

  private onMeta(key: 'version' | 'creator' | 'browser', text: string): void {
    if (key === 'version') {
      try {
        const v: unknown = JSON.parse(text);
        if (typeof v === 'string') this.meta.version = v;
      } catch {
        // A version that is not a string says nothing.
      }
    } else {
      const n = named(text);
      if (n) this.meta[key] = n;
    }
  }

  private onEntry(text: string, index: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.bad(index, `entry ${index} is not valid JSON`);
      return;
    }
    const read = readHarEntry(value, index, this.ctx);
    if (!('found' in read)) {
      this.bad(index, read.message);
      return;
    }
    this.entries++;
    if (read.hints.firefox) this.hints.firefox++;
    if (read.hints.chrome) this.hints.chrome++;
    this.credentials ||= read.credentials;
    this.start = Math.min(this.start, read.time);
    this.end = Math.max(this.end, read.record.responseTime ?? read.time);
    for (const f of read.found) {
      addSighting(this.capture, this.index, f.token, f.sighting, this.limits.capture);
      const loc = f.sighting.location;
      if (loc.kind === 'cookie' || loc.kind === 'set-cookie') this.jar.set(loc.name, f.token);
    }
    const removed: string[] = [];
    for (const name of read.deleted) {
      const token = this.jar.get(name);
      if (token === undefined || !this.index.has(token)) continue;
      this.jar.delete(name);
      removed.push(token);
      addSighting(
        this.capture,
        this.index,
        token,
        // As live capture marks it (the request log's helper): the response's Set-Cookie removed the cookie.
        {
          direction: 'response',
          via: 'file-import',
          location: { kind: 'set-cookie', name },
          method: read.record.method,
          url: read.record.url,
          requestId: read.record.requestId,
          time: read.record.responseTime ?? read.time,
          ...(read.record.status !== undefined ? { status: read.record.status } : {}),
          removed: true,
        },
        this.limits.capture,
      );
    }
    this.keepRecord(read.record, removed.length > 0);
  }

  private keepRecord(record: RequestRecord, deletedToken: boolean): void {
    const carried = record.tokens.length > 0;
    const refused = record.status === 401 || record.status === 403;
    if (!carried && !refused && !deletedToken && !isLogoutUrl(record.url)) return;
    if (this.requests.length >= this.limits.maxRequests) {
      this.dropped.requests++;
      return;
    }
    // As live capture: the request's headers and body are kept only when it carried a token.
    if (!carried) {
      delete record.headers;
      delete record.headersOmitted;
      delete record.body;
    } else if (record.body) {
      if (this.bodyBytes + record.body.kept > this.limits.maxBodyBytes) {
        delete record.body;
        this.dropped.bodies++;
      } else this.bodyBytes += record.body.kept;
    }
    this.requests.push(record);
  }
}

/** Reads a whole HAR text at once (see {@link HarImporter}); for files small enough to hold as one string. */
export function parseHar(text: string, options: HarImportOptions = {}): HarImportResult {
  const importer = new HarImporter(options);
  importer.push(text);
  return importer.finish();
}
