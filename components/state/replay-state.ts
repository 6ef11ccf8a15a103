import type { Sighting } from '../../lib/capture/model.ts';
import { buildReplayRequest, type ReplayRequest } from '../../lib/replay/build-request.ts';
import {
  planPlaybook,
  runPlaybook,
  trialOf,
  type PlaybookContext,
  type PlaybookStep,
  type StepResult,
} from '../../lib/replay/playbook.ts';
import type { EndpointTrial, ErrorInfo, RequestRecord, SightingLocation } from '../../lib/types.ts';
import type { ReplayAnswer, SendReplay } from '../host.ts';
import { SentLog, type SentEntry, type SentWhy } from './sent-log.ts';

/** The request sighting a replay or endpoint test starts from. */
export interface ReplayTarget {
  token: string;
  requestId: string;
  location: SightingLocation;
  method: string;
  url: string;
}

/** One token a replay can send: as captured, the workbench's token, or a forged variant (`token` null: none). */
export interface ReplayChoice {
  id: string;
  /** `original`, `no-token`, `workbench`, or the workbench's variant id. */
  variant: string;
  label: string;
  token: string | null;
}

/** What the last replay sent and got back. */
export interface ReplayOutcome {
  choice: ReplayChoice;
  method: string;
  url: string;
  /** Captured headers the browser sets itself, left out. */
  dropped: string[];
  /** Headers put on by the one-request network rule. */
  ruleHeaders: string[];
  answer?: ReplayAnswer;
  error?: ErrorInfo;
}

/** The replay view's state. */
export interface ReplayViewState {
  target: ReplayTarget;
  choices: readonly ReplayChoice[];
  /** Still making the variants. */
  planning: boolean;
  choice: string;
  sending: boolean;
  outcome?: ReplayOutcome;
}

/** The endpoint test's state (the playbook run). */
export interface EndpointTestState {
  target: ReplayTarget;
  /** Requests in the plan (0 while planning). */
  total: number;
  results: readonly StepResult[];
  running: boolean;
  cancelled: boolean;
  error?: ErrorInfo;
}

/** Everything replay-related the panel shows. */
export interface ReplayState {
  replay: ReplayViewState | null;
  test: EndpointTestState | null;
  /** Endpoint-test verdicts per token (what the server-accepts-forgery rule reads). */
  trials: ReadonlyMap<string, readonly EndpointTrial[]>;
  /** Every request JWT Lens sent, oldest first. */
  sentLog: readonly SentEntry[];
}

/** The empty replay state. */
export const INITIAL_REPLAY: ReplayState = { replay: null, test: null, trials: new Map(), sentLog: [] };

/** What the replay model reads from the panel. */
export interface ReplayContext {
  send?: SendReplay;
  requestPermission?: () => Promise<boolean>;
  /** The captured request of a sighting. */
  request(requestId: string): RequestRecord | undefined;
  /** Keys, found secret, other tokens and the clock (epoch seconds) the variants are made with. */
  forgeContext(token: string): PlaybookContext;
  /** The workbench's current token, when it is open on one. */
  workbenchToken(): string | undefined;
  /** A token's trials changed: inspect it again. */
  onTrials(token: string): void;
  clock?: () => number;
}

const toSummary = (a: ReplayAnswer) => ({ status: a.status, body: a.body });

/**
 * Replay and "Test this endpoint" for the panel: which request a sighting belongs to, the variants
 * to choose from (made by lib/replay's playbook from lib/forge — the panel reaches forge only
 * through here and the workbench model), sending through the host, the playbook run with progress
 * and cancel, the verdicts per token, and the sent log of every request JWT Lens makes.
 */
export class ReplayModel {
  private s: ReplayState = INITIAL_REPLAY;
  private readonly log: SentLog;
  private abort: AbortController | undefined;
  private planSeq = 0;
  private disposed = false;

  constructor(
    private readonly ctx: ReplayContext,
    private readonly onChange: (s: ReplayState) => void,
  ) {
    this.log = new SentLog((sentLog) => this.set({ sentLog }), ctx.clock);
  }

  /** The current state. */
  get state(): ReplayState {
    return this.s;
  }

  private set(patch: Partial<ReplayState>): void {
    if (this.disposed) return;
    this.s = { ...this.s, ...patch };
    this.onChange(this.s);
  }

  /** The sent log (the store logs key fetches through it). */
  get sentLog(): SentLog {
    return this.log;
  }

  /** The request a sighting can be replayed from: a request sighting whose record kept its headers. */
  targetOf(token: string, s: Sighting): ReplayTarget | undefined {
    if (!this.ctx.send || s.direction !== 'request' || s.requestId === undefined) return undefined;
    const record = this.ctx.request(s.requestId);
    if (!record?.headers) return undefined;
    return { token, requestId: s.requestId, location: s.location, method: record.method, url: record.url };
  }

  private build(target: ReplayTarget, replacement: string | null) {
    const record = this.ctx.request(target.requestId);
    if (!record)
      return {
        ok: false as const,
        error: { code: 'replay-no-record' as const, message: 'the captured request is no longer in the log' },
      };
    return buildReplayRequest(
      record,
      { direction: 'request', location: target.location, requestId: target.requestId },
      target.token,
      replacement,
    );
  }

  /** Opens the replay view on a sighting: the token as captured, then the variants as they are made. */
  openReplay(target: ReplayTarget): void {
    const seq = ++this.planSeq;
    const base: ReplayChoice[] = [{ id: 'original', variant: 'original', label: 'as captured', token: target.token }];
    const wb = this.ctx.workbenchToken();
    base.push({ id: 'no-token', variant: 'no-token', label: 'without the token', token: null });
    if (wb && wb !== target.token)
      base.push({ id: 'workbench', variant: 'workbench', label: 'the workbench’s token', token: wb });
    this.set({ replay: { target, choices: base, planning: true, choice: 'original', sending: false } });
    void planPlaybook(target.token, this.ctx.forgeContext(target.token)).then(
      (plan) => {
        const r = this.s.replay;
        if (seq !== this.planSeq || !r) return;
        this.set({
          replay: {
            ...r,
            planning: false,
            choices: [...base, ...plan.filter((p) => p.variant !== 'original' && p.variant !== 'no-token')],
          },
        });
      },
      () => {
        const r = this.s.replay;
        if (seq === this.planSeq && r) this.set({ replay: { ...r, planning: false } });
      },
    );
  }

  /** Chooses the token the next replay sends. */
  choose(id: string): void {
    const r = this.s.replay;
    if (r && r.choices.some((c) => c.id === id)) this.set({ replay: { ...r, choice: id } });
  }

  /** Closes the replay view. */
  closeReplay(): void {
    this.planSeq++;
    this.set({ replay: null });
  }

  // Asks for the network-rule permission in the click (a user gesture) when the request needs it.
  private permission(request: ReplayRequest): Promise<boolean> {
    if (request.ruleHeaders.length === 0 || !this.ctx.requestPermission) return Promise.resolve(true);
    return this.ctx.requestPermission();
  }

  private async sendLogged(request: ReplayRequest, why: SentWhy, detail: string, signal?: AbortSignal) {
    const send = this.ctx.send;
    if (!send)
      return {
        ok: false as const,
        error: { code: 'replay-network' as const, message: 'sending is not available here' },
      };
    const id = this.log.add({ method: request.method, url: request.url, why, detail });
    const answer = await send(request, signal);
    this.log.settle(id, answer.ok ? { status: answer.value.status } : { error: answer.error.message });
    return answer;
  }

  /** Sends the chosen token in the captured request (called from the click). */
  async sendReplay(): Promise<void> {
    const r = this.s.replay;
    if (!r || r.sending) return;
    const choice = r.choices.find((c) => c.id === r.choice) ?? r.choices[0]!;
    const built = this.build(r.target, choice.token);
    if (!built.ok) {
      this.set({
        replay: {
          ...r,
          outcome: {
            choice,
            method: r.target.method,
            url: r.target.url,
            dropped: [],
            ruleHeaders: [],
            error: built.error,
          },
        },
      });
      return;
    }
    const request = built.value;
    const granted = this.permission(request);
    this.set({ replay: { ...r, sending: true } });
    const outcome: ReplayOutcome = {
      choice,
      method: request.method,
      url: request.url,
      dropped: request.dropped,
      ruleHeaders: request.ruleHeaders.map((h) => h.name),
    };
    if (!(await granted))
      outcome.error = { code: 'replay-permission', message: 'the network-rule permission was not granted' };
    else {
      const answer = await this.sendLogged(request, 'replay', choice.label);
      if (answer.ok) outcome.answer = answer.value;
      else outcome.error = answer.error;
    }
    const now = this.s.replay;
    if (now && now.target === r.target) this.set({ replay: { ...now, sending: false, outcome } });
  }

  /** Runs "Test this endpoint" on a sighting's request (called from the click). */
  async startTest(target: ReplayTarget): Promise<void> {
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    const original = this.build(target, target.token);
    if (!original.ok) {
      this.set({ test: { target, total: 0, results: [], running: false, cancelled: false, error: original.error } });
      return;
    }
    const granted = this.permission(original.value);
    this.set({ test: { target, total: 0, results: [], running: true, cancelled: false } });
    if (!(await granted)) {
      this.set({
        test: {
          target,
          total: 0,
          results: [],
          running: false,
          cancelled: false,
          error: { code: 'replay-permission', message: 'the network-rule permission was not granted' },
        },
      });
      return;
    }
    const steps = await planPlaybook(target.token, this.ctx.forgeContext(target.token));
    if (controller.signal.aborted) return this.finishTest(target, controller, []);
    this.updateTest(target, (t) => ({ ...t, total: steps.length }));
    const results: StepResult[] = [];
    const run = await runPlaybook(steps, {
      signal: controller.signal,
      send: async (step: PlaybookStep, signal) => {
        const built = this.build(target, step.token);
        if (!built.ok) return built;
        const answer = await this.sendLogged(built.value, 'endpoint-test', `${step.variant}: ${step.label}`, signal);
        return answer.ok ? { ok: true, value: toSummary(answer.value), size: answer.value.size } : answer;
      },
      onResult: (result) => {
        results.push(result);
        this.updateTest(target, (t) => ({ ...t, results: steps.flatMap((s) => results.filter((x) => x.step === s)) }));
      },
      ...(this.ctx.clock ? { clock: this.ctx.clock } : {}),
    });
    this.finishTest(target, controller, run.results);
  }

  private updateTest(target: ReplayTarget, patch: (t: EndpointTestState) => EndpointTestState): void {
    const t = this.s.test;
    if (t && t.target === target) this.set({ test: patch(t) });
  }

  private finishTest(target: ReplayTarget, controller: AbortController, results: readonly StepResult[]): void {
    if (this.abort === controller) this.abort = undefined;
    this.updateTest(target, (t) => ({ ...t, results, running: false, cancelled: controller.signal.aborted }));
    if (results.length === 0) return;
    // The newest run against a request replaces the older verdicts for it; other endpoints' stay.
    const fresh = results.map((r) => trialOf(r, { method: target.method, url: target.url }));
    const kept = (this.s.trials.get(target.token) ?? []).filter(
      (t) => t.method !== target.method || t.url !== target.url,
    );
    const trials = new Map(this.s.trials);
    trials.set(target.token, [...kept, ...fresh]);
    this.set({ trials });
    this.ctx.onTrials(target.token);
  }

  /** Cancels the running endpoint test (requests in flight are aborted). */
  cancelTest(): void {
    this.abort?.abort();
  }

  /** Closes the endpoint-test view (cancelling a run). */
  closeTest(): void {
    this.abort?.abort();
    this.set({ test: null });
  }

  /** Stops everything (the panel closes). */
  dispose(): void {
    this.abort?.abort();
    this.disposed = true;
  }
}
