import { decodeToken } from '../decode-token.ts';
import { encodeToken } from '../forge/encode.ts';
import { setJsonMember } from '../forge/json-edit.ts';
import type { Result } from '../forge/result.ts';
import { forgeVariant, variantsFor } from '../forge/variants/index.ts';
import type { ForgeContext, VariantId } from '../forge/variants/variant.ts';
import type { EndpointTrial, ErrorInfo } from '../types.ts';
import { judgeAcceptance, type Acceptance, type ResponseSummary } from './acceptance.ts';

/** One request of the playbook: which variant, which forgery of it, and the token to send (`null`: none). */
export interface PlaybookStep {
  /** Unique within the plan (`alg-none-case#2`). */
  id: string;
  /** `original`, `no-token`, or the workbench's variant id. */
  variant: 'original' | 'no-token' | VariantId;
  label: string;
  token: string | null;
}

/** At most this many requests per playbook run. */
export const MAX_PLAYBOOK_STEPS = 30;
/** At most this many playbook requests in flight at once. */
export const MAX_IN_FLIGHT = 2;

// The forged variants the playbook sends, in order, with the parameters it uses. jku and x5u need a
// URL the tester hosts, and foreign-signature only means something with other tokens: they are
// sent only when their context is given (otherTokens) or not at all (jku, x5u).
const PLAN: readonly { variant: VariantId; params?: Record<string, string>; max?: number }[] = [
  { variant: 'alg-none' },
  { variant: 'alg-none-case' },
  { variant: 'strip-signature' },
  { variant: 'empty-signature' },
  { variant: 'foreign-signature', max: 1 },
  { variant: 'key-confusion', max: 3 },
  { variant: 'embedded-jwk' },
  { variant: 'psychic-signature' },
  { variant: 'empty-key' },
  { variant: 'kid-injection' },
  { variant: 'resign-known-secret' },
];

// Claim changes a server must notice: each sent with the original signature (tampered), or
// re-signed when a secret is known (then only the claim check stands between it and acceptance).
const CLAIMS: readonly {
  id: string;
  label: string;
  edit: (payload: string, now: number) => string;
  /** Re-signed only with a secret the search found (a forgery), never with the tester's own ring keys. */
  foundSecretOnly?: boolean;
}[] = [
  { id: 'exp-past', label: 'exp an hour ago', edit: (p, now) => setJsonMember(p, 'exp', String(now - 3600)) },
  { id: 'nbf-future', label: 'nbf in an hour', edit: (p, now) => setJsonMember(p, 'nbf', String(now + 3600)) },
  {
    id: 'aud-swap',
    label: 'aud: https://other-service.example',
    edit: (p) => setJsonMember(p, 'aud', JSON.stringify('https://other-service.example')),
  },
  {
    id: 'iss-swap',
    label: 'iss: https://attacker.example',
    edit: (p) => setJsonMember(p, 'iss', JSON.stringify('https://attacker.example')),
  },
  // Every claim check passes; only the signature stands in the way: taken by a server that ignores
  // signatures, and, re-signed with a found (weak) secret, by one whose secret is in a wordlist.
  {
    id: 'sub-admin',
    label: 'sub: admin',
    edit: (p) => setJsonMember(p, 'sub', JSON.stringify('admin')),
    foundSecretOnly: true,
  },
];

/** What the plan is made from: the key ring, a found secret, other captured tokens and the clock (epoch seconds). */
export type PlaybookContext = ForgeContext & { now: number };

async function claimSteps(token: string, ctx: PlaybookContext): Promise<PlaybookStep[]> {
  const decoded = decodeToken(token);
  const [h, p, s] = decoded.kind === 'jws' ? decoded.segments : [];
  if (h?.raw === undefined || p?.raw === undefined || !decoded.payloadIsJson) return [];
  const out: PlaybookStep[] = [];
  for (const c of CLAIMS) {
    const tampered = await encodeToken({
      headerText: h.raw,
      payloadText: c.edit(p.raw, Math.floor(ctx.now)),
      signing: { mode: 'fixed', signature: s?.text ?? '', trailingDot: true },
    });
    if (!tampered.ok) continue;
    // Re-signed with a known secret when there is one; otherwise the tampered token as it is.
    const resigned = await forgeVariant(
      'resign-known-secret',
      tampered.value.token,
      {},
      c.foundSecretOnly ? { ...ctx, keys: [] } : ctx,
    );
    const first = resigned.ok ? resigned.value[0] : undefined;
    out.push({
      id: `claim-tamper:${c.id}`,
      variant: 'claim-tamper',
      label: first ? `${c.label}, ${first.label.replace(/^HS\d+ /, '')}` : `${c.label}, original signature`,
      token: first ? first.token : tampered.value.token,
    });
  }
  return out;
}

/**
 * The bounded plan of "Test this endpoint" for one token: the original (the baseline), no token,
 * then the workbench's forged variants that apply (each alg-none spelling, stripped / empty /
 * borrowed signature, key confusion with known public keys, embedded JWK, psychic signature for
 * ES*, empty HMAC key, the kid payloads, re-signed with a known secret) and claim changes (expired,
 * not yet valid, aud and iss swapped: re-signed when a secret is known, else tampered). At most
 * {@link MAX_PLAYBOOK_STEPS} requests; variant ids are the workbench's.
 */
export async function planPlaybook(token: string, ctx: PlaybookContext): Promise<PlaybookStep[]> {
  const steps: PlaybookStep[] = [
    { id: 'original', variant: 'original', label: 'as captured', token },
    { id: 'no-token', variant: 'no-token', label: 'without the token', token: null },
  ];
  const decoded = decodeToken(token);
  const applicable = new Set(variantsFor(decoded, ctx).map((v) => v.id));
  const forged: PlaybookStep[] = [];
  for (const item of PLAN) {
    if (!applicable.has(item.variant)) continue;
    const made = await forgeVariant(item.variant, token, item.params ?? {}, ctx);
    if (!made.ok) continue;
    made.value
      .slice(0, item.max ?? Infinity)
      .forEach((v, i) =>
        forged.push({ id: `${item.variant}#${i + 1}`, variant: item.variant, label: v.label, token: v.token }),
      );
  }
  const claims = await claimSteps(token, ctx);
  // Claims go before the kid payloads and the re-signed copy so a full plan keeps them under the cap.
  const kidAt = forged.findIndex((s) => s.variant === 'kid-injection' || s.variant === 'resign-known-secret');
  if (kidAt < 0) forged.push(...claims);
  else forged.splice(kidAt, 0, ...claims);
  const seen = new Set<string>([token]);
  for (const s of forged) {
    if (steps.length >= MAX_PLAYBOOK_STEPS) break;
    if (s.token === null || seen.has(s.token)) continue;
    seen.add(s.token);
    steps.push(s);
  }
  return steps;
}

/** What one playbook request got back (or why it was not sent). */
export type TrialAnswer = Result<ResponseSummary>;

/** One finished step: its answer and the verdict against the baseline. */
export interface StepResult {
  step: PlaybookStep;
  /** The answer's status; 0 when the request failed or was not sent. */
  status: number;
  /** Bytes of the response body, when known. */
  size?: number;
  error?: ErrorInfo;
  acceptance: Acceptance;
  /** Epoch milliseconds the answer came. */
  time: number;
}

/** How a playbook run is driven: the sender (injected), cancel, progress. */
export interface RunOptions {
  /** Sends one step's request; never rejects (an error is a failed Result). */
  send(step: PlaybookStep, signal: AbortSignal): Promise<TrialAnswer & { size?: number }>;
  signal?: AbortSignal;
  /** Called as each step finishes, with how many are done. */
  onResult?(result: StepResult, done: number, total: number): void;
  /** Requests in flight at most (capped at {@link MAX_IN_FLIGHT}). */
  maxInFlight?: number;
  clock?: () => number;
}

/** The outcome of a run: every finished step in plan order, and whether it was cancelled part way. */
export interface PlaybookRun {
  results: StepResult[];
  cancelled: boolean;
}

/**
 * Runs a plan: the original first (the baseline every other answer is judged against), then the
 * rest at most two at a time, each judged by {@link judgeAcceptance}. When the endpoint answers
 * without a token like with it, forgeries prove nothing and are inconclusive. Stops sending on
 * abort (requests in flight are aborted through the signal given to `send`).
 */
export async function runPlaybook(steps: readonly PlaybookStep[], options: RunOptions): Promise<PlaybookRun> {
  const clock = options.clock ?? Date.now;
  const signal = options.signal ?? new AbortController().signal;
  const limit = Math.max(1, Math.min(MAX_IN_FLIGHT, options.maxInFlight ?? MAX_IN_FLIGHT));
  const results = new Map<string, StepResult>();
  let baseline: ResponseSummary | undefined;
  let openWithout = false;
  let done = 0;

  const judge = (step: PlaybookStep, answer: TrialAnswer): Acceptance => {
    if (!answer.ok) return { verdict: 'inconclusive', evidence: `not sent: ${answer.error.message}` };
    if (step.variant === 'original')
      return judgeAcceptance(
        answer.value.status >= 200 && answer.value.status < 300 ? answer.value : undefined,
        answer.value,
      );
    const a = judgeAcceptance(baseline, answer.value);
    if (openWithout && step.variant !== 'no-token' && a.verdict === 'accepted')
      return { ...a, verdict: 'inconclusive', evidence: `${a.evidence}, but the endpoint answers without a token too` };
    return a;
  };
  const runStep = async (step: PlaybookStep): Promise<void> => {
    const answer = await options.send(step, signal);
    if (signal.aborted && !answer.ok) return;
    if (step.variant === 'original' && answer.ok) baseline = answer.value;
    const acceptance = judge(step, answer);
    if (step.variant === 'no-token' && acceptance.verdict === 'accepted') openWithout = true;
    const result: StepResult = {
      step,
      status: answer.ok ? answer.value.status : 0,
      ...(answer.size !== undefined ? { size: answer.size } : {}),
      ...(answer.ok ? {} : { error: answer.error }),
      acceptance,
      time: clock(),
    };
    results.set(step.id, result);
    options.onResult?.(result, ++done, steps.length);
  };

  // The baseline and the no-token answer come first: every other verdict depends on them.
  const first = steps.filter((s) => s.variant === 'original' || s.variant === 'no-token');
  const rest = steps.filter((s) => !first.includes(s));
  for (const s of first) {
    if (signal.aborted) break;
    await runStep(s);
  }
  let next = 0;
  const worker = async () => {
    while (!signal.aborted && next < rest.length) await runStep(rest[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, rest.length) }, worker));
  return {
    results: steps.map((s) => results.get(s.id)).filter((r): r is StepResult => r !== undefined),
    cancelled: signal.aborted,
  };
}

/** A finished step as the findings rule and the report keep it. */
export function trialOf(result: StepResult, request: { method: string; url: string }): EndpointTrial {
  return {
    variant: result.step.variant,
    label: result.step.label,
    method: request.method,
    url: request.url,
    time: result.time,
    status: result.status,
    verdict: result.acceptance.verdict,
    evidence: result.acceptance.evidence,
  };
}
