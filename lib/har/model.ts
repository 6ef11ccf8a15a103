// What a HAR import returns and how it is driven (lib/har/har-importer.ts), and what a HAR export takes (export-har.ts).
import type { CaptureLimits, CapturedToken } from '../capture/model.ts';
import type { HarImportErrorCode } from '../error-codes.ts';
import type { RequestRecord } from '../types.ts';

/** Bounds of one import. What goes beyond them is counted in {@link HarDropped}, never silently lost. */
export interface HarImportLimits {
  /** Entries read at most; later ones are skipped and counted. Default 200,000. */
  maxEntries: number;
  /** Characters of HAR text read at most; beyond it reading stops (`har-too-large`). Default 512 Mi. */
  maxChars: number;
  /** Characters of one entry at most (its bodies included); a longer entry is skipped (`har-bad-entry`). Default 64 Mi. */
  maxEntryChars: number;
  /** Request records kept at most. Default 50,000. */
  maxRequests: number;
  /** Bytes of request bodies kept over all records (each at most 64 KiB, as live). Default 16 MiB. */
  maxBodyBytes: number;
  /** Bounds of the imported capture (tokens, sightings). Default: 5,000 tokens, 200,000 sightings, 20,000 per token. */
  capture: CaptureLimits;
}

/** Options of an import. */
export interface HarImportOptions {
  limits?: Partial<HarImportLimits>;
}

/** How far an import is: characters pushed, entries read, tokens found. */
export interface HarProgress {
  /** Characters pushed so far (UTF-16 units; the worker knows the file's bytes). */
  chars: number;
  entries: number;
  tokens: number;
}

/** What an import left out to stay within its bounds. */
export interface HarDropped {
  /** Entries past `maxEntries` (or past `maxChars`, when reading stopped). */
  entries: number;
  /** Sightings dropped by the capture bounds. */
  sightings: number;
  /** Request records past `maxRequests`. */
  requests: number;
  /** Request bodies not kept past `maxBodyBytes`. */
  bodies: number;
  /** Entries that were not valid HAR entries (see {@link HarImportResult.badEntries}). */
  badEntries: number;
}

/** A HAR error: its code, a message, and where (entry index, character offset) when known. */
export interface HarError {
  code: HarImportErrorCode;
  message: string;
  entry?: number;
  offset?: number;
}

/** Which tool wrote the HAR (`log.creator`, `log.browser`), as far as it says. */
export interface HarSource {
  version?: string;
  creator?: { name: string; version?: string };
  browser?: { name: string; version?: string };
  /** Guessed from creator/browser and the entries' private fields: `chrome`, `firefox`, `safari`, `other`. */
  flavour: 'chrome' | 'firefox' | 'safari' | 'other';
}

/**
 * An imported HAR: a capture of its own (never mixed with live capture): tokens with sightings
 * shaped like live ones (`via: 'file-import'`), request records, and what could not be read.
 * `error` is set when the file as a whole failed (not HAR, truncated, malformed, cancelled); what
 * was read before it is kept all the same.
 */
export interface HarImportResult {
  tokens: CapturedToken[];
  requests: RequestRecord[];
  source: HarSource;
  /** Entries read (valid ones). */
  entries: number;
  /** Earliest and latest entry times, epoch ms (absent when no entry had a usable time). */
  start?: number;
  end?: number;
  dropped: HarDropped;
  /** The first few bad entries (`har-bad-entry`), with their index and why. */
  badEntries: HarError[];
  error?: HarError;
  /** Human notes about what was left out or guessed ("Chrome's HAR export strips cookies unless …"). */
  notes: string[];
  chars: number;
}

/**
 * The incremental HAR reader a Web Worker drives: `push` chunks of text as they are read (any split,
 * even inside a string), `finish` at the end of the file, `cancel` to stop. Neither throws.
 * Implemented by `HarImporter` (lib/har/har-importer.ts); `parseHar(text)` is the one-shot form.
 */
export interface HarImporterApi {
  /** Reads one more chunk; returns the progress so far. After an error or cancel, chunks are ignored. */
  push(chunk: string): HarProgress;
  /** Ends the input: the result, with `har-truncated` when the text stopped inside the HAR. */
  finish(): HarImportResult;
  /** Stops reading: the result so far, with `har-cancelled`. */
  cancel(): HarImportResult;
  readonly progress: HarProgress;
}

/** Options of exportHar. */
export interface HarExportOptions {
  /** Keep token signatures, cookie values and Authorization credentials instead of redacting them; default false. */
  includeSecrets?: boolean;
  /** Epoch ms, for `log.pages`-free metadata and the comment. */
  generatedAt: number;
  /** The extension's version, for `log.creator.version`. */
  version?: string;
}

/** What exportHar reads: the request log and the captured tokens (for the tokens each request carried). */
export interface HarExportInput {
  requests: readonly RequestRecord[];
  tokens: readonly CapturedToken[];
}
