// The store's sessions: live capture vs opened HAR files, never mixed, never sent to the worker.
import { afterEach, describe, expect, it } from 'vitest';
import type { HarImportDone, HarImportJob, HarImportProgress, HarImportRunner } from '../../../components/host.ts';
import { sessionLabel } from '../../../components/state/har-sessions.ts';
import { PanelStore } from '../../../components/state/panel-store.ts';
import { timelineModelOf } from '../../../components/state/timeline-state.ts';
import type { HarImportResult } from '../../../lib/har/model.ts';
import { captured, memoryTransport } from '../fakes.ts';
import { access, API, bearer, captured as capturedWith, record } from '../../lib/timeline/scenario.ts';

const NOW = 1_700_000_000_000;
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function result(patch: Partial<HarImportResult>): HarImportResult {
  return {
    tokens: [],
    requests: [],
    source: { flavour: 'chrome' },
    entries: 0,
    dropped: { entries: 0, sightings: 0, requests: 0, bodies: 0, badEntries: 0 },
    badEntries: [],
    notes: [],
    chars: 0,
    ...patch,
  };
}

/** An importer the test finishes by hand: each call is one job with its progress callback. */
function fakeImporter() {
  const jobs: {
    file: Blob;
    progress: (p: HarImportProgress) => void;
    finish: (r: HarImportDone) => void;
    cancelled: boolean;
  }[] = [];
  const run: HarImportRunner = (file, progress): HarImportJob => {
    let finish: (r: HarImportDone) => void = () => undefined;
    const done = new Promise<HarImportDone>((resolve) => (finish = resolve));
    const job = { file, progress, finish, cancelled: false };
    jobs.push(job);
    return {
      done,
      cancel: () => {
        job.cancelled = true;
      },
    };
  };
  return { jobs, run };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const live = captured('eyJhbGciOiJub25lIn0.eyJzdWIiOiJsaXZlIn0.', {}, NOW - 1000);
  const transport = memoryTransport([live]);
  const importer = fakeImporter();
  const store = new PanelStore({ transport, clock: () => NOW, host: { importHar: importer.run } });
  stops.push(store.start());
  return { store, transport, importer, live };
}

describe('HAR sessions in the panel store', () => {
  it('shows an opened HAR as its own session: its tokens and requests only, nothing sent to the worker', async () => {
    const { store, transport, importer, live } = setup();
    const sentBefore = transport.sent.length;
    const harToken = access(0, 10);
    const id = store.openHar(new Blob(['{"log":']), 'ticket-123.har');
    expect(id).toBe('har:1');
    expect(store.state.session).toBe('har:1');
    expect(store.entries()).toEqual([]);
    expect(sessionLabel(store.harSession()!)).toBe('ticket-123.har — reading 0 %');

    importer.jobs[0]!.progress({ bytes: 5, totalBytes: 10, entries: 3, tokens: 1 });
    expect(store.harSession()!.progress.entries).toBe(3);
    expect(sessionLabel(store.harSession()!)).toBe('ticket-123.har — reading 50 %');

    const req = record(`${API}/data`, 1, { status: 200, tokens: [harToken] });
    importer.jobs[0]!.finish(
      result({ tokens: [capturedWith(harToken, [bearer(`${API}/data`, 1, 200)])], requests: [req], entries: 3 }),
    );
    await tick();
    expect(store.harSession()!.state).toBe('done');
    expect(store.entries().map((e) => e.token)).toEqual([harToken]);
    expect([...store.requests().keys()]).toEqual([req.requestId]);
    expect(store.timeline().timeline.sessions.flatMap((s) => s.lanes.map((l) => l.token))).toEqual([harToken]);
    expect(sessionLabel(store.harSession()!)).toBe('ticket-123.har — 1 token');

    // Live capture is untouched and shown again when picked; nothing about the HAR went to the worker.
    store.setSession('live');
    expect(store.entries().map((e) => e.token)).toEqual([live.token]);
    expect(transport.sent.slice(sentBefore)).toEqual([]);
    store.setSession('har:1');
    expect(store.entries().map((e) => e.token)).toEqual([harToken]);

    // Clear in a HAR session closes it and does not clear the live capture.
    store.clear();
    expect(store.state.session).toBe('live');
    expect(store.state.harSessions).toEqual([]);
    expect(transport.sent.slice(sentBefore)).toEqual([]);
    expect(store.entries().map((e) => e.token)).toEqual([live.token]);
  });

  it('keeps what was read when the file is truncated, and says the importer’s error', async () => {
    const { store, importer } = setup();
    const t = access(0, 10);
    store.openHar(new Blob(['x']), 'cut.har');
    importer.jobs[0]!.finish(
      result({
        tokens: [capturedWith(t, [bearer(`${API}/data`, 1, 200)])],
        entries: 1,
        error: { code: 'har-truncated', message: 'The HAR stops inside entry 2' },
      }),
    );
    await tick();
    const s = store.harSession()!;
    expect(s.state).toBe('done');
    expect(s.error?.code).toBe('har-truncated');
    expect(store.entries().map((e) => e.token)).toEqual([t]);
    expect(sessionLabel(s)).toBe('cut.har — 1 token, incomplete');
  });

  it('cancels through the job and keeps the partial result; a failed import with nothing read is failed', async () => {
    const { store, importer } = setup();
    store.openHar(new Blob(['x']), 'big.har');
    store.cancelHar('har:1');
    expect(importer.jobs[0]!.cancelled).toBe(true);
    importer.jobs[0]!.finish(result({ entries: 10, error: { code: 'har-cancelled', message: 'cancelled' } }));
    await tick();
    expect(store.harSession()!.state).toBe('cancelled');

    store.openHar(new Blob(['<html>']), 'page.html');
    expect(store.state.session).toBe('har:2');
    importer.jobs[1]!.finish(result({ error: { code: 'har-not-har', message: 'This is not a HAR file' } }));
    await tick();
    expect(store.harSession()!.state).toBe('failed');
    expect(store.harSession()!.error?.code).toBe('har-not-har');

    // Closing the shown session goes back to live; the other stays.
    store.closeHar('har:2');
    expect(store.state.session).toBe('live');
    expect(store.state.harSessions.map((h) => h.id)).toEqual(['har:1']);
  });

  it('uses the timeline the worker built for the file instead of building it on the main thread', async () => {
    const { store, importer } = setup();
    const t = access(0, 10);
    const tokens = [capturedWith(t, [bearer(`${API}/data`, 1, 200)])];
    const prebuilt = timelineModelOf(tokens, [], undefined, NOW);
    store.openHar(new Blob(['x']), 'w.har');
    importer.jobs[0]!.finish({ ...result({ tokens, entries: 1 }), timeline: prebuilt });
    await tick();
    expect(store.timeline()).toBe(prebuilt);
    // Live capture builds its own.
    store.setSession('live');
    expect(store.timeline()).not.toBe(prebuilt);
  });

  it('a paste while a HAR session is shown goes to live capture and shows it', async () => {
    const { store, importer } = setup();
    store.openHar(new Blob(['x']), 'a.har');
    importer.jobs[0]!.finish(result({ tokens: [capturedWith(access(0, 10), [bearer(`${API}/data`, 1, 200)])] }));
    await tick();
    const pasted = access(100, 10);
    store.paste(pasted);
    expect(store.state.session).toBe('live');
    expect(store.detail()?.token).toBe(pasted);
    expect(store.state.harSessions).toHaveLength(1);
  });

  it('without a host importer, openHar does nothing', () => {
    const store = new PanelStore({ transport: memoryTransport([]), clock: () => NOW });
    stops.push(store.start());
    expect(store.openHar(new Blob(['{}']), 'x.har')).toBeUndefined();
    expect(store.state.harSessions).toEqual([]);
  });
});

describe('the report carries the shown session’s verdicts', () => {
  it('every session’s verdicts for the whole list, in JSON and Markdown', async () => {
    const { store, importer } = setup();
    const a1 = access(0, 10);
    const a2 = access(13, 10);
    store.openHar(new Blob(['x']), 'flow.har');
    importer.jobs[0]!.finish(
      result({
        tokens: [
          capturedWith(a1, [bearer(`${API}/data`, 1, 200), bearer(`${API}/data`, 12, 401)]),
          capturedWith(a2, [bearer(`${API}/data`, 13, 200)]),
        ],
        entries: 3,
      }),
    );
    await tick();
    store.toggleExport();
    store.setExportOptions({ scope: 'all', format: 'json' });
    const report = JSON.parse(store.reportText()) as { verdicts?: { verdicts: { id: string; status: string }[] }[] };
    const ids = report.verdicts?.flatMap((g) => g.verdicts.map((v) => v.id)) ?? [];
    expect(ids).toEqual(expect.arrayContaining(['refresh-lead', 'expired-sent']));
    store.setExportOptions({ format: 'markdown' });
    expect(store.reportText()).toMatch(/Verdicts/);
  });
});
