import {
  collectSegmentErrors,
  decodeSegment,
  emptyDecoded,
  failDecoded,
  readHeader,
  readPayload,
  settleKind,
  type DecodedToken,
  type Segment,
} from './decode-core.ts';
import { parseJsonBounded } from './json-bounded.ts';
import type { ErrorInfo } from './types.ts';
import { hasOwn as has, isObject } from './util/json-value.ts';

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
  const result: DecodedJwsJson = { ...emptyDecoded(text), serialization: 'flattened', signatureCount: 0 };
  const fail = (error: ErrorInfo): DecodedJwsJson => failDecoded(result, error);
  // Built to a bounded depth, as a compact token's header and payload are (decode-core).
  const { parsed, notes } = parseJsonBounded(text, 'jws-json');
  if (!parsed.ok) return fail(parsed.error);
  result.problems.push(...notes);
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
    const seg = decodeSegment(name, t, t ? text.indexOf(`"${t}"`) + 1 : -1);
    if (value !== undefined && typeof value !== 'string') {
      delete seg.bytes;
      seg.error = { code: `${name}-type`, message: `"${name === 'header' ? 'protected' : name}" must be a string` };
    }
    return seg;
  };
  const headerSeg = segmentOf('header', first.protected);
  const payloadSeg = segmentOf('payload', doc.payload);
  const sigSeg = segmentOf('signature', first.signature);
  result.segments.push(headerSeg, payloadSeg, sigSeg);

  // An empty "protected" is allowed: the unprotected header may carry every parameter.
  const protectedHeader = headerSeg.bytes && headerSeg.bytes.length > 0 ? readHeader(headerSeg) : undefined;
  if (headerSeg.raw !== undefined) result.rawHeader = headerSeg.raw;
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

  if (protectedHeader?.b64 === false) {
    // RFC 7797: the payload is sent as it is, not base64url-encoded.
    payloadSeg.bytes = new TextEncoder().encode(payloadSeg.text);
    delete payloadSeg.error;
    payloadSeg.noncanonical = false;
  }
  readPayload(payloadSeg, result);
  collectSegmentErrors(result);
  return settleKind(
    result,
    jose,
    'jws',
    'Neither the protected nor the unprotected header has an "alg" string (RFC 7515 §4.1.1 requires it).',
  );
}
