import type { CaptureNotice, CapturedToken, HttpHeader, RequestRecord, Sighting, SightingLocation } from './model.ts';

// Shape checks of what crosses a boundary (the panel port, storage read back): no value is trusted.
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || isStr(v);
const optNum = (v: unknown) => v === undefined || isNum(v);
const optBool = (v: unknown) => v === undefined || typeof v === 'boolean';

const DIRECTIONS = new Set(['request', 'response', 'stored', 'input']);
const VIAS = new Set(['webrequest', 'cookie-jar', 'devtools-network', 'page-storage', 'paste', 'file-import']);
const URL_PARTS = new Set(['query', 'fragment', 'path']);

const isUrlLocation = (v: unknown): boolean => isObj(v) && isStr(v.kind) && URL_PARTS.has(v.kind) && isStr(v.name);

/** True when `v` is a well-formed sighting location. */
export function isSightingLocation(v: unknown): v is SightingLocation {
  if (!isObj(v) || !isStr(v.kind) || !isStr(v.name)) return false;
  switch (v.kind) {
    case 'header':
      return (
        optStr(v.scheme) &&
        (v.credential === undefined || v.credential === 'user' || v.credential === 'password') &&
        (v.url === undefined || isUrlLocation(v.url))
      );
    case 'cookie':
    case 'set-cookie':
    case 'query':
    case 'fragment':
    case 'path':
    case 'text-body':
      return true;
    case 'form-body':
      return optStr(v.jsonPath);
    case 'json-body':
      return isStr(v.jsonPath);
    case 'storage':
      return (v.area === 'local' || v.area === 'session') && optStr(v.jsonPath);
    case 'paste':
      return v.name === 'paste';
    default:
      return false;
  }
}

/** True when `v` is a well-formed (protocol v4) sighting. */
export function isSighting(v: unknown): v is Sighting {
  if (!isObj(v)) return false;
  const ca = v.cookieAttributes;
  return (
    isStr(v.direction) &&
    DIRECTIONS.has(v.direction) &&
    isStr(v.via) &&
    VIAS.has(v.via) &&
    isSightingLocation(v.location) &&
    isNum(v.time) &&
    optStr(v.method) &&
    optStr(v.url) &&
    optStr(v.resourceType) &&
    optStr(v.requestId) &&
    optStr(v.initiator) &&
    optNum(v.frameId) &&
    optNum(v.status) &&
    // Stored and pasted tokens travelled in no request: a status on them is a producer bug.
    (v.status === undefined || v.direction === 'request' || v.direction === 'response') &&
    (ca === undefined || (isObj(ca) && optBool(ca.httpOnly) && optBool(ca.secure) && optStr(ca.sameSite))) &&
    (v.body === undefined || (isObj(v.body) && isNum(v.body.size) && isNum(v.body.scanned) && optNum(v.body.tail))) &&
    // Only a stored copy can be removed, or a cookie deleted by a response's Set-Cookie.
    (v.removed === undefined ||
      (v.removed === true &&
        (v.direction === 'stored' || (v.direction === 'response' && v.location.kind === 'set-cookie'))))
  );
}

/** True when `v` is a well-formed captured token. */
export function isCapturedToken(v: unknown): v is CapturedToken {
  return (
    isObj(v) &&
    isStr(v.token) &&
    isNum(v.firstSeen) &&
    isNum(v.lastSeen) &&
    isInt(v.count) &&
    Array.isArray(v.sightings) &&
    v.sightings.every(isSighting) &&
    (v.tooLarge === undefined || (isObj(v.tooLarge) && isNum(v.tooLarge.bytes)))
  );
}

const NOTICE_CODES = new Set(['migrated', 'unreadable', 'storage-full', 'too-large']);

/** True when `v` is a well-formed capture notice. */
export function isCaptureNotice(v: unknown): v is CaptureNotice {
  return isObj(v) && isStr(v.code) && NOTICE_CODES.has(v.code) && isInt(v.count) && isStr(v.message);
}

const isHeader = (v: unknown): v is HttpHeader => isObj(v) && isStr(v.name) && isStr(v.value);
const optHeaders = (v: unknown) => v === undefined || (Array.isArray(v) && v.every(isHeader));
const optCount = (v: unknown) => v === undefined || (isInt(v) && v >= 0);

function isRequestBody(v: unknown): boolean {
  if (!isObj(v) || !isNum(v.size) || !isNum(v.kept) || !optStr(v.text)) return false;
  if (v.form === undefined) return true;
  return isObj(v.form) && Object.values(v.form).every((vs) => Array.isArray(vs) && vs.every(isStr));
}

/** True when `v` is a well-formed request-log record. */
export function isRequestRecord(v: unknown): v is RequestRecord {
  if (!isObj(v)) return false;
  const c = v.challenge;
  return (
    isStr(v.requestId) &&
    isNum(v.time) &&
    isStr(v.method) &&
    isStr(v.url) &&
    optStr(v.type) &&
    optStr(v.initiator) &&
    optHeaders(v.headers) &&
    optCount(v.headersOmitted) &&
    (v.body === undefined || isRequestBody(v.body)) &&
    (v.status === undefined || isInt(v.status)) &&
    optNum(v.responseTime) &&
    optNum(v.serverDate) &&
    (c === undefined || (isObj(c) && isStr(c.raw) && optStr(c.scheme) && optStr(c.error) && optStr(c.description))) &&
    optHeaders(v.responseHeaders) &&
    optCount(v.responseHeadersOmitted) &&
    Array.isArray(v.tokens) &&
    v.tokens.every(isStr)
  );
}
