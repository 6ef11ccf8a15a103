import type { HarImportDone, HarImportProgress } from '../../components/host.ts';
import type { CapturedToken, RequestRecord } from '../../lib/capture/model.ts';

/** Panel → HAR worker: read this file; stop reading. */
export type HarWorkerRequest = { kind: 'start'; file: Blob } | { kind: 'cancel' };

/**
 * HAR worker → panel: how far it got (at most every 100 ms); what it read, in parts (each message is
 * cloned into the panel in its own task, so 50,000 records never land in one long task), then the
 * rest of the result once, at the end, with `tokens` and `requests` left for the parts to fill.
 */
export type HarWorkerReply =
  | ({ kind: 'progress' } & HarImportProgress)
  | { kind: 'part'; tokens?: CapturedToken[]; requests?: RequestRecord[] }
  | { kind: 'timeline'; timeline: NonNullable<HarImportDone['timeline']> }
  | { kind: 'done'; result: HarImportDone };
