// The committed Chromium HAR (Playwright recordHar of the demo app) and the Firefox- and Safari-shaped
// variants made from it as those browsers write HAR 1.2 (their differences, entry by entry).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A HAR as parsed JSON (loosely typed: the tests edit it). */
export type Har = { log: { entries: Entry[]; [k: string]: unknown } };
type Header = { name: string; value: string };
type Entry = Record<string, unknown> & {
  startedDateTime: string;
  request: { headers: Header[]; cookies?: unknown[]; postData?: Record<string, unknown>; [k: string]: unknown };
  response: {
    headers: Header[];
    cookies?: unknown[];
    content: { text?: string; encoding?: string; size: number; mimeType?: string };
    [k: string]: unknown;
  };
};

/** The demo app's traffic as Chromium (through Playwright) wrote it. */
export const CHROMIUM_TEXT = readFileSync(
  fileURLToPath(new URL('./fixtures/demo-chromium.har', import.meta.url)),
  'utf8',
);

/** A fresh copy of the Chromium HAR. */
export function chromiumHar(): Har {
  return JSON.parse(CHROMIUM_TEXT) as Har;
}

/** The tokens the demo's login answer delivered (its JSON body), by member name. */
export function loginTokens(har: Har = chromiumHar()): Record<string, string> {
  const login = har.log.entries.find((e) => (e.request.url as string).endsWith('/login'))!;
  return JSON.parse(login.response.content.text!) as Record<string, string>;
}

function shift(iso: string, offsetMinutes: number): string {
  // The same instant written in another zone (`+01:00`), as Firefox writes local time.
  const ms = Date.parse(iso) + offsetMinutes * 60_000;
  const d = new Date(ms).toISOString().slice(0, 23);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${d}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Firefox's shape: creator/browser Firefox, local times with an offset, `_securityState` on each
 * entry, no Chromium private fields, and several Set-Cookie values in one header joined by newlines.
 */
export function firefoxHar(): Har {
  const har = chromiumHar();
  har.log.creator = { name: 'Firefox', version: '133.0' };
  har.log.browser = { name: 'Firefox', version: '133.0' };
  for (const e of har.log.entries) {
    for (const k of Object.keys(e)) if (k.startsWith('_')) delete e[k];
    e._securityState = 'insecure';
    e.startedDateTime = shift(e.startedDateTime, 60);
    const cookies = e.response.headers.filter((h) => h.name.toLowerCase() === 'set-cookie');
    if (cookies.length > 1) {
      e.response.headers = e.response.headers.filter((h) => h.name.toLowerCase() !== 'set-cookie');
      e.response.headers.push({ name: 'set-cookie', value: cookies.map((c) => c.value).join('\n') });
    }
  }
  return har;
}

/**
 * Safari's shape: creator "WebKit Web Inspector", no browser, sizes and timings of -1, cookies only
 * in the `cookies` arrays (no Cookie / Set-Cookie headers), JSON bodies base64-encoded, form bodies as
 * `params` without `text`, and microseconds in `startedDateTime`.
 */
export function safariHar(): Har {
  const har = chromiumHar();
  har.log.creator = { name: 'WebKit Web Inspector', version: '1.0' };
  delete har.log.browser;
  for (const e of har.log.entries) {
    for (const k of Object.keys(e)) if (k.startsWith('_')) delete e[k];
    e.startedDateTime = e.startedDateTime.replace(/\.(\d{3})Z$/, '.$1417Z');
    e.timings = { blocked: -1, dns: -1, connect: -1, ssl: -1, send: -1, wait: -1, receive: -1 };
    e.time = -1;
    const req = e.request;
    const res = e.response;
    req.headersSize = -1;
    req.bodySize = -1;
    res.headersSize = -1;
    res.bodySize = -1;
    res.content.size = -1;
    const cookieHeader = req.headers.find((h) => h.name.toLowerCase() === 'cookie');
    req.headers = req.headers.filter((h) => h.name.toLowerCase() !== 'cookie');
    req.cookies = cookieHeader
      ? cookieHeader.value.split('; ').map((pair) => {
          const eq = pair.indexOf('=');
          return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
        })
      : [];
    res.headers = res.headers.filter((h) => h.name.toLowerCase() !== 'set-cookie');
    if (res.content.text !== undefined && /json/.test(res.content.mimeType ?? '')) {
      res.content.text = Buffer.from(res.content.text, 'utf8').toString('base64');
      res.content.encoding = 'base64';
    }
    if (req.postData && /x-www-form-urlencoded/.test(String(req.postData.mimeType))) delete req.postData.text;
  }
  return har;
}
