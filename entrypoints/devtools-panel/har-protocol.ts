import type { HarImportDone, HarImportProgress } from '../../components/host.ts';

/** Panel → HAR worker: read this file; stop reading. */
export type HarWorkerRequest = { kind: 'start'; file: Blob } | { kind: 'cancel' };

/** HAR worker → panel: how far it got (at most every 100 ms); what it read (once, at the end). */
export type HarWorkerReply = ({ kind: 'progress' } & HarImportProgress) | { kind: 'done'; result: HarImportDone };
