import type { ReplayAnswer, SendReplay } from '../../components/host.ts';
import { fail, ok } from '../../lib/forge/result.ts';
import { httpOrigin, type ReplayRequest } from '../../lib/replay/build-request.ts';
import { readPreview } from '../../lib/replay/read-preview.ts';

/** The permission of the network-rule path (no install warning; asked for again if a browser made it optional). */
const DNR_PERMISSION = 'declarativeNetRequestWithHostAccess' as chrome.runtime.ManifestPermission;
/** Session rule ids of replays (Use in app uses its own range below this). */
const RULE_ID_BASE = 3_000_000;
let nextRuleId = RULE_ID_BASE;

/** Asks for the network-rule permission (call it in the click's gesture); true when granted. */
export async function requestReplayPermission(): Promise<boolean> {
  try {
    if (await chrome.permissions.contains({ permissions: [DNR_PERMISSION] })) return true;
    return await chrome.permissions.request({ permissions: [DNR_PERMISSION] });
  } catch {
    return false;
  }
}

// Sends that need a rule for the same URL wait for each other: two rules for one URL would mix headers.
const queues = new Map<string, Promise<unknown>>();
function serialised<T>(url: string, job: () => Promise<T>): Promise<T> {
  const before = queues.get(url) ?? Promise.resolve();
  const run = before.then(job, job);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(url, tail);
  void tail.then(() => {
    if (queues.get(url) === tail) queues.delete(url);
  });
  return run;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Settles with `promise`, or rejects after `ms` (an API call that never answers must not freeze the view). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

const RULE_TIMEOUT_MS = 5000;

async function withHeaderRule<T>(url: string, request: ReplayRequest, send: () => Promise<T>): Promise<T> {
  const id = nextRuleId++;
  await within(
    chrome.declarativeNetRequest.updateSessionRules({
      addRules: [
        {
          id,
          priority: 1,
          action: {
            type: 'modifyHeaders' as chrome.declarativeNetRequest.RuleActionType,
            requestHeaders: request.ruleHeaders.map((h) => ({
              header: h.name,
              operation: 'set' as chrome.declarativeNetRequest.HeaderOperation,
              value: h.value,
            })),
          },
          condition: {
            // Exactly this URL and method, only from this extension's own pages, never a page's request.
            // (Not tabIds: [-1]: a DevTools panel's requests carry the inspected tab's id in Chromium 150.)
            // A regex compiles to at most 2 KB, so the anchored urlFilter is used unless the URL holds its wildcards.
            ...(/[*^|]/.test(url) ? { regexFilter: `^${escapeRegex(url)}$` } : { urlFilter: `|${url}|` }),
            initiatorDomains: [chrome.runtime.id],
            requestMethods: [request.method.toLowerCase() as chrome.declarativeNetRequest.RequestMethod],
            resourceTypes: ['xmlhttprequest' as chrome.declarativeNetRequest.ResourceType],
          },
        },
      ],
    }),
    RULE_TIMEOUT_MS,
    'installing the one-request network rule',
  );
  try {
    return await send();
  } finally {
    await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: [id] }).catch(() => undefined);
  }
}

function bodyInit(request: ReplayRequest, headers: Headers): BodyInit | undefined {
  const body = request.body;
  if (!body) return undefined;
  if (body.kind === 'text') return body.text;
  const type = headers.get('content-type') ?? '';
  if (/^multipart\//i.test(type)) {
    // The browser writes a new boundary: the captured Content-Type would name the old one.
    headers.delete('content-type');
    const data = new FormData();
    for (const [name, values] of Object.entries(body.fields)) for (const v of values) data.append(name, v);
    return data;
  }
  const params = new URLSearchParams();
  for (const [name, values] of Object.entries(body.fields)) for (const v of values) params.append(name, v);
  return params.toString();
}

/**
 * Sends replays from the panel page: `fetch` with no cookies of the jar (`credentials: 'omit'`),
 * redirects not followed, the captured headers; `Cookie`, `Origin`, `Referer` and `User-Agent` go on
 * through a declarativeNetRequest session rule for exactly this URL from this extension (added
 * before, removed after; sends needing one for the same URL wait for each other). Only to the
 * captured request's own origin.
 */
export const sendReplay: SendReplay = async (request, signal) => {
  let url: string;
  try {
    url = new URL(request.url).href;
  } catch {
    return fail('replay-url', 'the URL does not parse');
  }
  if (httpOrigin(url) !== request.origin) return fail('replay-origin', `the request would leave ${request.origin}`);
  const headers = new Headers();
  try {
    for (const h of request.headers) headers.append(h.name, h.value);
  } catch (e) {
    return fail('replay-network', `a header cannot be sent: ${e instanceof Error ? e.message : String(e)}`);
  }
  const init: RequestInit = {
    method: request.method,
    headers,
    credentials: 'omit',
    redirect: 'manual',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
    ...(signal ? { signal } : {}),
  };
  const body = bodyInit(request, headers);
  if (body !== undefined) init.body = body;
  const send = async () => {
    const start = performance.now();
    const res = await fetch(url, init);
    const preview = await readPreview(res);
    const answer: ReplayAnswer = {
      status: res.status,
      statusText: res.statusText,
      ms: Math.round(performance.now() - start),
      size: preview.size,
      headers: [...res.headers].map(([name, value]) => ({ name, value })),
      body: preview.text,
      bodyTruncated: preview.truncated,
      ...(res.type === 'opaqueredirect' ? { redirected: true } : {}),
    };
    return answer;
  };
  try {
    if (request.ruleHeaders.length === 0) return ok(await send());
    if (!(await chrome.permissions.contains({ permissions: [DNR_PERMISSION] })))
      return fail(
        'replay-permission',
        'JWT Lens needs the optional network-rule permission to send Cookie, Origin, Referer or User-Agent',
      );
    return ok(await serialised(url, () => withHeaderRule(url, request, send)));
  } catch (e) {
    if (signal?.aborted) return fail('replay-aborted', 'cancelled');
    return fail('replay-network', e instanceof Error ? e.message : String(e));
  }
};
