import type { CapturedToken, Sighting } from './model.ts';

// Guards for captured data read back from storage or received over the panel port (lib/protocol uses them).
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || isStr(v);
const optNum = (v: unknown) => v === undefined || isNum(v);
const optBool = (v: unknown) => v === undefined || typeof v === 'boolean';

const SOURCES = new Set([
  'header',
  'cookie',
  'set-cookie',
  'url',
  'body',
  'local-storage',
  'session-storage',
  'pasted',
]);

/** True when `v` is a well-formed sighting. */
export function isSighting(v: unknown): v is Sighting {
  if (!isObj(v)) return false;
  const ca = v.cookieAttributes;
  return (
    isStr(v.source) &&
    SOURCES.has(v.source) &&
    isStr(v.name) &&
    isNum(v.time) &&
    optStr(v.method) &&
    optStr(v.url) &&
    optStr(v.type) &&
    optStr(v.requestId) &&
    optStr(v.initiator) &&
    optNum(v.frameId) &&
    optNum(v.status) &&
    (ca === undefined || (isObj(ca) && optBool(ca.httpOnly) && optBool(ca.secure) && optStr(ca.sameSite)))
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
    v.sightings.every(isSighting)
  );
}
