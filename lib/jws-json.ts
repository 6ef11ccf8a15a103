import { decodeBase64Url, decodeUtf8 } from './base64url.ts';
import type { DecodedToken, Segment } from './decode-token.ts';
import { findDuplicateMembers, parseJson, tokenizeJson } from './json-text.ts';
import type { ErrorInfo } from './types.ts';

/** A JWS in JSON serialisation (RFC 7515 §7.2), decoded for display like a compact token. */
export interface DecodedJwsJson extends DecodedToken {
  serialization: 'flattened' | 'general';
  /** Number of signatures (1 for the flattened syntax). */
  signatureCount: number;
  /** The first signature's unprotected header, when it has one. */
  unprotectedHeader?: Record<string, unknown>;
  /** The first signature's protected and unprotected header parameters together (protected ones win). */
  joseHeader?: Record<string, unknown>;
  /** The parsed JSON object, for verification of every signature (set once the text is a JSON object). */
  document?: Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(obj: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, name);
}

/** True when the text looks like JSON rather than a compact token (starts with "{"). */
export function looksLikeJson(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/**
 * Decodes a JWS in JSON serialisation, flattened or general, for display: the first signature's
 * protected header, the payload and that signature, laid out as the segments of a compact token.
 * It never throws; input that is not a JWS JSON object comes back `malformed` with a specific code.
 */
export function decodeJwsJson(input: string): DecodedJwsJson {
  const text = input.trim();
  const result: DecodedJwsJson = {
    token: text,
    kind: 'malformed',
    segments: [],
    payloadIsJson: false,
    problems: [],
    nested: false,
    serialization: 'flattened',
    signatureCount: 0,
  };
  const fail = (error: ErrorInfo): DecodedJwsJson => {
    result.problems.push(error);
    result.error ??= error;
    return result;
  };
  const parsed = parseJson(text, 'jws-json');
  if (!parsed.ok) return fail(parsed.error);
  const doc = parsed.value;
  if (!isObject(doc)) return fail({ code: 'jws-json-not-object', message: 'The JSON text is not a JSON object.' });
  result.document = doc;
  if (has(doc, 'ciphertext'))
    return fail({
      code: 'jwe-json-unsupported',
      message: 'This is a JWE in JSON serialisation; only compact JWE (five dot-separated segments) is decoded.',
    });
  if (typeof doc.payload !== 'string')
    return fail({
      code: 'jws-json-payload',
      message: 'A JWS in JSON serialisation needs a string "payload" member (RFC 7515 §7.2.1).',
    });
  let first: Record<string, unknown>;
  if (has(doc, 'signatures')) {
    const sigs = doc.signatures;
    if (!Array.isArray(sigs) || sigs.length === 0 || !isObject(sigs[0]))
      return fail({
        code: 'jws-json-signatures',
        message: '"signatures" must be a non-empty array of objects (RFC 7515 §7.2.1).',
      });
    result.serialization = 'general';
    result.signatureCount = sigs.length;
    first = sigs[0];
  } else {
    result.signatureCount = 1;
    first = doc;
  }
  const segmentOf = (name: 'header' | 'payload' | 'signature', value: unknown): Segment => {
    const t = typeof value === 'string' ? value : '';
    const seg: Segment = {
      name,
      text: t,
      start: t ? text.indexOf(`"${t}"`) + 1 : -1,
      noncanonical: false,
      notUtf8: false,
      duplicates: [],
    };
    if (value !== undefined && typeof value !== 'string') {
      seg.error = { code: `${name}-type`, message: `"${name === 'header' ? 'protected' : name}" must be a string` };
      return seg;
    }
    const b = decodeBase64Url(t);
    seg.noncanonical = b.noncanonical;
    if (b.error) seg.error = { code: `${name}-base64`, message: `${name} segment: ${b.error.message}` };
    else seg.bytes = b.bytes;
    return seg;
  };
  const headerSeg = segmentOf('header', first.protected);
  const payloadSeg = segmentOf('payload', doc.payload);
  const sigSeg = segmentOf('signature', first.signature);
  result.segments.push(headerSeg, payloadSeg, sigSeg);

  let protectedHeader: Record<string, unknown> | undefined;
  if (headerSeg.bytes && headerSeg.bytes.length > 0) {
    const { text: raw, valid } = decodeUtf8(headerSeg.bytes);
    headerSeg.raw = raw;
    headerSeg.notUtf8 = !valid;
    result.rawHeader = raw;
    const h = parseJson(raw, 'header');
    if (!h.ok) headerSeg.error = h.error;
    else if (!isObject(h.value))
      headerSeg.error = { code: 'header-not-object', message: 'header segment must be a JSON object' };
    else {
      protectedHeader = h.value;
      headerSeg.duplicates = findDuplicateMembers(tokenizeJson(raw));
    }
  }
  if (protectedHeader) result.header = protectedHeader;
  const unprotected = first.header;
  if (unprotected !== undefined) {
    if (isObject(unprotected)) result.unprotectedHeader = unprotected;
    else sigSeg.error ??= { code: 'header-unprotected', message: '"header" must be a JSON object' };
  }
  // Joined without spread or Object.assign so that a "__proto__" member stays a plain property.
  const jose: Record<string, unknown> = {};
  for (const src of [result.unprotectedHeader, protectedHeader]) {
    if (!src) continue;
    for (const k of Object.keys(src))
      Object.defineProperty(jose, k, { value: src[k], enumerable: true, writable: true, configurable: true });
  }
  result.joseHeader = jose;

  const b64 = protectedHeader?.b64 !== false;
  if (!b64) {
    payloadSeg.bytes = new TextEncoder().encode(payloadSeg.text);
    payloadSeg.error = undefined;
    payloadSeg.noncanonical = false;
  }
  if (payloadSeg.bytes) {
    const { text: raw, valid } = decodeUtf8(payloadSeg.bytes);
    payloadSeg.raw = raw;
    payloadSeg.notUtf8 = !valid;
    result.rawPayload = raw;
    const p = raw === '' ? null : parseJson(raw, 'payload');
    if (p?.ok) {
      result.payload = p.value;
      result.payloadIsJson = true;
      payloadSeg.duplicates = findDuplicateMembers(tokenizeJson(raw));
    } else result.payload = raw;
  }
  for (const seg of result.segments) {
    if (seg.error) {
      result.problems.push(seg.error);
      result.error ??= seg.error;
    }
  }
  if (result.error) return result;
  const alg = jose.alg;
  if (typeof alg !== 'string' || alg === '')
    return fail({
      code: 'header-alg',
      message: 'Neither the protected nor the unprotected header has an "alg" string (RFC 7515 §4.1.1 requires it).',
    });
  result.kind = alg.toLowerCase() === 'none' ? 'unsecured' : 'jws';
  result.nested = typeof jose.cty === 'string' && jose.cty.toUpperCase() === 'JWT';
  return result;
}
