import { isCapturedToken, isCaptureNotice, isRequestRecord, isSighting } from '../capture/validate-capture.ts';
import { isErrorCode } from '../error-codes.ts';
import { httpOrigin, overrideHeaderProblem } from '../override/override-rule.ts';
import type { ErrorInfo } from '../types.ts';
import { PROTOCOL_VERSION, type PanelMessage, type WorkerMessage } from './messages.ts';

/** A validated message, or why it was rejected. */
export type Validated<T> = { ok: true; message: T } | { ok: false; error: ErrorInfo };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || isStr(v);

function envelope(v: unknown): Validated<Obj> {
  if (!isObj(v)) return { ok: false, error: { code: 'not-object', message: 'message is not an object' } };
  if (v.v !== PROTOCOL_VERSION)
    return {
      ok: false,
      error: {
        code: 'version-mismatch',
        message: `protocol version ${String(v.v)} received, ${PROTOCOL_VERSION} expected`,
      },
    };
  if (!isStr(v.kind)) return { ok: false, error: { code: 'no-kind', message: 'message has no kind' } };
  return { ok: true, message: v };
}

const OVERRIDE_ENDS = new Set(['stopped', 'panel-closed', 'tab-closed', 'replaced', 'failed']);

// An override plan: an http(s) origin as the URL parser writes it, a header JWT Lens may set, a value without line breaks.
function isPlan(v: unknown): boolean {
  return (
    isObj(v) &&
    isStr(v.origin) &&
    httpOrigin(v.origin) === v.origin &&
    isStr(v.header) &&
    isStr(v.value) &&
    overrideHeaderProblem(v.header, v.value) === undefined &&
    optStr(v.cookie)
  );
}

const isOverrideState = (v: unknown): boolean => isPlan(v) && isObj(v) && typeof v.since === 'number';

const bad = (kind: string): Validated<never> => ({
  ok: false,
  error: { code: 'bad-shape', message: `malformed "${kind}" message` },
});

/** Validates a message received by the worker from a panel. */
export function validatePanelMessage(v: unknown): Validated<PanelMessage> {
  const e = envelope(v);
  if (!e.ok) return e;
  const m = e.message;
  switch (m.kind) {
    case 'hello':
      return isInt(m.tabId) && m.tabId >= 0 ? { ok: true, message: m as unknown as PanelMessage } : bad('hello');
    case 'clear':
      return { ok: true, message: m as unknown as PanelMessage };
    case 'report':
      return Array.isArray(m.found) &&
        m.found.length <= 10_000 &&
        m.found.every((f: unknown) => isObj(f) && isStr(f.token) && f.token.length > 0 && isSighting(f.sighting))
        ? { ok: true, message: m as unknown as PanelMessage }
        : bad('report');
    case 'preserve-log':
      return typeof m.enabled === 'boolean' ? { ok: true, message: m as unknown as PanelMessage } : bad('preserve-log');
    case 'use-in-app':
      return isPlan(m.plan) ? { ok: true, message: m as unknown as PanelMessage } : bad('use-in-app');
    case 'stop-use-in-app':
      return { ok: true, message: m as unknown as PanelMessage };
    default:
      return { ok: false, error: { code: 'unknown-kind', message: `unknown message kind "${m.kind}"` } };
  }
}

/** Validates a message received by the panel from the worker. */
export function validateWorkerMessage(v: unknown): Validated<WorkerMessage> {
  const e = envelope(v);
  if (!e.ok) return e;
  const m = e.message;
  switch (m.kind) {
    case 'snapshot':
      return isInt(m.tabId) &&
        isInt(m.dropped) &&
        typeof m.preserveLog === 'boolean' &&
        Array.isArray(m.tokens) &&
        m.tokens.every(isCapturedToken) &&
        (m.notices === undefined || (Array.isArray(m.notices) && m.notices.every(isCaptureNotice))) &&
        (m.requests === undefined || (Array.isArray(m.requests) && m.requests.every(isRequestRecord)))
        ? { ok: true, message: m as unknown as WorkerMessage }
        : bad('snapshot');
    case 'tokens':
      return isInt(m.tabId) &&
        isInt(m.dropped) &&
        Array.isArray(m.tokens) &&
        m.tokens.every(isCapturedToken) &&
        Array.isArray(m.evicted) &&
        m.evicted.every(isStr) &&
        (m.notices === undefined || (Array.isArray(m.notices) && m.notices.every(isCaptureNotice))) &&
        (m.requests === undefined || (Array.isArray(m.requests) && m.requests.every(isRequestRecord))) &&
        (m.requestsEvicted === undefined || (Array.isArray(m.requestsEvicted) && m.requestsEvicted.every(isStr)))
        ? { ok: true, message: m as unknown as WorkerMessage }
        : bad('tokens');
    case 'settings':
      return typeof m.preserveLog === 'boolean'
        ? { ok: true, message: m as unknown as WorkerMessage }
        : bad('settings');
    case 'cleared':
      return isInt(m.tabId) && (m.reason === 'user' || m.reason === 'navigation') && optStr(m.url)
        ? { ok: true, message: m as unknown as WorkerMessage }
        : bad('cleared');
    case 'error':
      return isStr(m.code) && isStr(m.message) ? { ok: true, message: m as unknown as WorkerMessage } : bad('error');
    case 'override':
      return isInt(m.tabId) &&
        (m.active === null || isOverrideState(m.active)) &&
        (m.ended === undefined || (isStr(m.ended) && OVERRIDE_ENDS.has(m.ended))) &&
        (m.error === undefined || (isObj(m.error) && isErrorCode(m.error.code) && isStr(m.error.message)))
        ? { ok: true, message: m as unknown as WorkerMessage }
        : bad('override');
    default:
      return { ok: false, error: { code: 'unknown-kind', message: `unknown message kind "${m.kind}"` } };
  }
}
