import { decodeUtf8 } from '../base64url.ts';
import { findTokens } from '../find-tokens.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  parseJsonContainer,
  tokensInJsonValue,
  tokensInText,
  utf8Prefix,
  type BodyScan,
  type BodyToken,
} from './json-tokens.ts';
import { parseParams } from './url-tokens.ts';

/** The shape of webRequest's `details.requestBody` (only what is read). */
export interface RequestBodyLike {
  formData?: Record<string, readonly unknown[]>;
  raw?: readonly { bytes?: ArrayBuffer | ArrayBufferView; file?: string }[];
}

function concatBytes(raw: readonly { bytes?: unknown }[], maxBytes: number): { bytes: Uint8Array; truncated: boolean } {
  let total = 0;
  let truncated = false;
  const parts: Uint8Array[] = [];
  for (const element of raw) {
    const buf: unknown = element?.bytes;
    const view =
      buf instanceof ArrayBuffer
        ? new Uint8Array(buf)
        : ArrayBuffer.isView(buf)
          ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
          : undefined;
    if (!view || view.length === 0) continue;
    const room = maxBytes - total;
    if (room <= 0) {
      truncated = true;
      break;
    }
    const take = Math.min(room, view.length);
    if (take < view.length) truncated = true;
    parts.push(view.subarray(0, take));
    total += take;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    bytes.set(p, offset);
    offset += p.length;
  }
  return { bytes, truncated };
}

function formTokens(text: string): BodyToken[] {
  const out: BodyToken[] = [];
  for (const p of parseParams(text)) {
    const [name, value] = p.hasValue ? [p.name, p.value] : ['body', p.name];
    for (const f of findTokens(value)) out.push({ token: f.token, location: { kind: 'form-body', name } });
  }
  return out;
}

function multipartTokens(text: string, boundary: string): BodyToken[] {
  const out: BodyToken[] = [];
  for (const part of text.split(`--${boundary}`)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /;\s*name="((?:[^"\\]|\\.)*)"/i.exec(head)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(head)?.[1] ?? 'body';
    for (const t of tokensInText(part.slice(split))) {
      const inner = t.location.name;
      out.push({
        token: t.token,
        location: { kind: 'form-body', name, ...(inner === 'body' ? {} : { jsonPath: inner }) },
      });
    }
  }
  return out;
}

/** Finds JWTs in body text, choosing the parser from the content type (and the text's shape). */
function tokensInBodyText(text: string, contentType: string, truncated: boolean): BodyScan {
  const scan = (tokens: BodyToken[]): BodyScan => ({ tokens, truncated });
  const type = contentType.toLowerCase();
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (type.startsWith('multipart/') && boundary) return scan(multipartTokens(text, boundary[1] ?? boundary[2] ?? ''));
  const looksJson = /^\s*[[{]/.test(text);
  if (type.includes('json') || looksJson) {
    if (!truncated) {
      const value = parseJsonContainer(text) ?? (type.includes('json') ? parseJsonScalar(text) : undefined);
      if (value !== undefined) {
        const walked = tokensInJsonValue(value);
        // A walk cut short by its bounds still reports, as text, what lies beyond them.
        if (!walked.truncated) return walked;
        const found = new Set(walked.tokens.map((t) => t.token));
        return {
          tokens: [...walked.tokens, ...tokensInText(text).filter((t) => !found.has(t.token))],
          truncated: true,
        };
      }
    }
    return scan(tokensInText(text));
  }
  if (type.includes('x-www-form-urlencoded') || (type === '' && /^[^=&\s]+=[^\s]*$/.test(text)))
    return scan(formTokens(text));
  return scan(tokensInText(text));
}

function parseJsonScalar(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Finds JWTs in a request body as webRequest reports it: each form field (named by field), or the
 * raw bytes decoded as UTF-8 and read as JSON (named by JSON path), form-urlencoded text, multipart
 * parts, or plain text. Only the first `maxBytes` are scanned; `truncated` says when there was more.
 */
export function tokensInRequestBody(
  body: RequestBodyLike | null | undefined,
  contentType = '',
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): BodyScan {
  const tokens: BodyToken[] = [];
  let truncated = false;
  if (typeof body !== 'object' || body === null) return { tokens, truncated };
  try {
    if (body.formData && typeof body.formData === 'object') {
      let budget = maxBytes;
      for (const [name, values] of Object.entries(body.formData)) {
        if (!Array.isArray(values)) continue;
        for (const v of values) {
          if (typeof v !== 'string') continue;
          if (budget <= 0) {
            truncated = true;
            break;
          }
          const cut = utf8Prefix(v, budget);
          truncated ||= cut.truncated;
          budget -= cut.bytes;
          for (const f of findTokens(cut.text)) tokens.push({ token: f.token, location: { kind: 'form-body', name } });
        }
      }
    }
    if (Array.isArray(body.raw) && body.raw.length) {
      const joined = concatBytes(body.raw, maxBytes);
      truncated ||= joined.truncated;
      if (joined.bytes.length) {
        const text = decodeUtf8(joined.bytes).text;
        const scan = tokensInBodyText(text, typeof contentType === 'string' ? contentType : '', joined.truncated);
        tokens.push(...scan.tokens);
        truncated ||= scan.truncated;
      }
    }
  } catch {
    // Hostile shapes (detached buffers, throwing getters): keep what was found.
  }
  return { tokens, truncated };
}
