// Reads one HAR file off the panel's main thread: the file streamed through a TextDecoder into the
// engine's incremental HarImporter, progress at most every 100 ms, cancel between chunks. Started by
// har-import.ts, one worker per file.
import { timelineModelOf } from '../../components/state/timeline-state.ts';
import { HarImporter } from '../../lib/har/har-importer.ts';
import type { HarImportResult } from '../../lib/har/model.ts';
import type { HarWorkerReply, HarWorkerRequest } from './har-protocol.ts';

const PROGRESS_MS = 100;
// Stream chunks can be large (a whole small file): the importer gets at most this many characters per push.
const PUSH_CHARS = 1 << 20;
// What the panel takes in one message (one task there): a few thousand sightings or records.
const PART_SIGHTINGS = 4000;
const PART_REQUESTS = 2000;

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<HarWorkerRequest>) => void) | null;
  postMessage(m: HarWorkerReply): void;
};
let cancelled = false;
let started = false;

async function read(file: Blob): Promise<void> {
  const importer = new HarImporter();
  const totalBytes = file.size;
  let bytes = 0;
  let last = 0;
  const progress = () => {
    const p = importer.progress;
    scope.postMessage({ kind: 'progress', bytes, totalBytes, entries: p.entries, tokens: p.tokens });
  };
  const reader = file.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (cancelled) {
        void reader.cancel().catch(() => undefined);
        reply(importer.cancel());
        return;
      }
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (let i = 0; i < text.length; i += PUSH_CHARS) importer.push(text.slice(i, i + PUSH_CHARS));
      if (done) break;
      bytes += value.byteLength;
      if (Date.now() - last >= PROGRESS_MS) {
        last = Date.now();
        progress();
      }
    }
  } catch {
    // A file that stops being readable ends like a truncated one: the importer keeps what it read.
  }
  bytes = totalBytes;
  progress();
  reply(importer.finish());
}

// The file's timeline is built here too: over 50,000 sightings it is a second of work the panel's
// main thread never does.
function reply(result: HarImportResult): void {
  let timeline;
  try {
    timeline = timelineModelOf(result.tokens, result.requests, undefined, Date.now());
  } catch {
    // The panel builds it itself when it must.
  }
  let part: HarImportResult['tokens'] = [];
  let sightings = 0;
  for (const t of result.tokens) {
    part.push(t);
    sightings += t.sightings.length + 1;
    if (sightings >= PART_SIGHTINGS) {
      scope.postMessage({ kind: 'part', tokens: part });
      part = [];
      sightings = 0;
    }
  }
  if (part.length) scope.postMessage({ kind: 'part', tokens: part });
  for (let i = 0; i < result.requests.length; i += PART_REQUESTS)
    scope.postMessage({ kind: 'part', requests: result.requests.slice(i, i + PART_REQUESTS) });
  if (timeline) scope.postMessage({ kind: 'timeline', timeline });
  scope.postMessage({ kind: 'done', result: { ...result, tokens: [], requests: [] } });
}

scope.onmessage = ({ data }) => {
  if (data.kind === 'cancel') cancelled = true;
  else if (!started) {
    started = true;
    void read(data.file);
  }
};
