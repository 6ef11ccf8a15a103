import type { ErrorInfo } from './types.ts';
import {
  LITERAL,
  NUMBER,
  parseJson,
  STRING,
  stringEnd,
  type DuplicateMember,
  type JsonParseResult,
} from './json-text.ts';

// JSON parsed to a bounded depth. JSON.parse builds every nested value: a 100 KB claim nested
// 50,000 arrays deep costs 12–22 ms in Node 20 here, in one call (V8 builds 50,000 arrays), and a
// value that deep overflows the stack of every recursive walker or JSON.stringify that meets it.
// Python's json stops at ~1,000 levels, serde_json at 128: nothing legitimate nests that deep.

/** How deep a decoded header or payload is built; deeper containers are read as `null`. */
export const MAX_PARSE_DEPTH = 1000;

/** JSON text with every container deeper than the bound replaced by `null`. */
export interface BoundedJsonText {
  /** The text to parse: the original with each too-deep container replaced by `null`. */
  text: string;
  /** How deep the original nests (the top-level container is depth 1). */
  deepest: number;
  /** How many containers were replaced. */
  replaced: number;
}

function sticky(re: RegExp, text: string, at: number, end: number): number {
  re.lastIndex = at;
  const m = re.exec(text);
  if (!m) return -1;
  const next = at + m[0].length;
  return next <= end ? next : -1;
}

/**
 * True when `text[start, end)` is exactly one JSON value (whitespace around it allowed), as
 * JSON.parse would accept it, without building the value: an explicit stack, any depth — or, with
 * `maxDepth`, false as soon as a value lies inside more than `maxDepth` containers.
 */
export function isJsonValue(text: string, start = 0, end = text.length, maxDepth = Infinity): boolean {
  let stack = new Uint8Array(64); // 1 object, 0 array
  let top = 0;
  // 0 value wanted, 1 value or `]` (just after `[`), 2 member name or `}` (just after `{`),
  // 3 member name wanted, 4 `:` wanted, 5 a value ended.
  let state = 0;
  let i = start;
  for (;;) {
    let c = text.charCodeAt(i);
    while (i < end && (c === 32 || c === 9 || c === 10 || c === 13)) c = text.charCodeAt(++i);
    if (i >= end) return state === 5 && top === 0;
    if (state <= 1) {
      if (c === 93 && state === 1) {
        top--;
        i++;
        state = 5;
      } else if (top > maxDepth) return false;
      else if (c === 91 || c === 123) {
        if (top === stack.length) {
          const grown = new Uint8Array(stack.length * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[top++] = c === 123 ? 1 : 0;
        i++;
        state = c === 123 ? 2 : 1;
      } else {
        i = sticky(c === 34 ? STRING : c === 116 || c === 102 || c === 110 ? LITERAL : NUMBER, text, i, end);
        if (i < 0) return false;
        state = 5;
      }
    } else if (state <= 3) {
      if (c === 125 && state === 2) {
        top--;
        i++;
        state = 5;
      } else if (c === 34) {
        i = sticky(STRING, text, i, end);
        if (i < 0) return false;
        state = 4;
      } else return false;
    } else if (state === 4) {
      if (c !== 58) return false;
      i++;
      state = 0;
    } else {
      if (top === 0) return false;
      const inObject = stack[top - 1] === 1;
      if (c === 44) state = inObject ? 3 : 0;
      else if (c === (inObject ? 125 : 93)) top--;
      else return false;
      i++;
    }
  }
}

/**
 * The text to parse for a value built at most `max` deep, or undefined when the text needs no
 * change (it cannot or does not nest deeper) or is not sure to be valid JSON (JSON.parse of the
 * original then names the error). Each container at depth `max + 1` is checked with
 * {@link isJsonValue} and replaced by `null`, so the result parses exactly when the original
 * does, and every value down to depth `max` is the one JSON.parse of the original builds.
 */
export function boundJsonDepth(text: string, max = MAX_PARSE_DEPTH): BoundedJsonText | undefined {
  // Nesting deeper than `max` needs more than `max` openers: counted with indexOf, which is
  // cheap on the megabyte string of a wide token.
  let opens = 0;
  for (let p = text.indexOf('['); p !== -1 && opens <= max; p = text.indexOf('[', p + 1)) opens++;
  for (let p = text.indexOf('{'); p !== -1 && opens <= max; p = text.indexOf('{', p + 1)) opens++;
  if (opens <= max) return undefined;
  const parts: string[] = [];
  let from = 0;
  let depth = 0;
  let deepest = 0;
  let cut = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const close = stringEnd(text, i);
      if (close === -1) return undefined;
      i = close;
    } else if (c === 91 || c === 123) {
      if (++depth > deepest) deepest = depth;
      if (depth === max + 1) cut = i;
    } else if (c === 93 || c === 125) {
      if (depth === 0) return undefined;
      if (depth === max + 1) {
        if (!isJsonValue(text, cut, i + 1)) return undefined;
        parts.push(text.slice(from, cut), 'null');
        from = i + 1;
      }
      depth--;
    }
  }
  if (depth !== 0 || parts.length === 0) return undefined;
  parts.push(text.slice(from));
  return { text: parts.join(''), deepest, replaced: parts.length >> 1 };
}

/** How many members of one object a decoded header or payload keeps (beyond: see {@link boundJsonWidth}). */
export const MAX_OBJECT_MEMBERS = 10_000;

/** JSON text with the members of each too-wide object cut, see {@link boundJsonWidth}. */
export interface WidthBoundJsonText {
  text: string;
  /** The most members one object of the original writes. */
  widest: number;
  /** How many members were left out, in all objects. */
  dropped: number;
  /** Names repeated in one object whose earlier occurrence was left out (the cut text holds one). */
  duplicates: DuplicateMember[];
}

// A set of (object, member name) pairs over the text itself: a JavaScript Map of 100,000 names
// costs as much as JSON.parse of them (30–90 ms here), this table a few milliseconds. Names are
// hashed from their characters (seeded per call, so no crafted text collides them all), and
// compared as strings only when their hashes meet.
// MurmurHash3's finaliser: FNV-1a alone leaves names that differ in one character (`m1`, `m2`,
// …) in neighbouring slots, and linear probing then walks long runs.
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

class NameTable {
  private readonly mask: number;
  // Four words per slot, one cache line per probe: hash, object, name's opening quote, and its
  // closing quote shifted left by 2 with the state in the low bits (0 empty, 1 a kept
  // occurrence, 2 only left-out ones).
  private readonly slots: Int32Array;
  private readonly escaped = new Map<number, string>();

  constructor(
    private readonly text: string,
    private readonly seed: number,
    size: number,
  ) {
    let cap = 16;
    while (cap < size * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 4);
  }

  /** The name a member's string `[open, close]` writes, decoded only when it has escapes. */
  name(open: number, close: number): string {
    const known = this.escaped.size ? this.escaped.get(open) : undefined;
    if (known !== undefined) return known;
    return this.text.slice(open + 1, close);
  }

  /** Hash of the member name written at `[open, close]`; escapes are decoded first. */
  hashAt(open: number, close: number): number {
    const t = this.text;
    let h = this.seed ^ 0x811c9dc5;
    for (let i = open + 1; i < close; i++) {
      const c = t.charCodeAt(i);
      if (c === 92 /* \\ */) return this.hashEscaped(open, close);
      h = Math.imul(h ^ c, 0x01000193);
    }
    return fmix(h);
  }

  private hashEscaped(open: number, close: number): number {
    let decoded: string;
    try {
      decoded = JSON.parse(this.text.slice(open, close + 1)) as string;
    } catch {
      decoded = this.text.slice(open + 1, close);
    }
    this.escaped.set(open, decoded);
    return hashString(decoded, this.seed);
  }

  /**
   * The slot of (object, name): found, or the empty one where it goes. The name is the one
   * written at `[open, close]` in this table's text, or in `from`'s.
   */
  slot(object: number, hash: number, open: number, close: number, from: NameTable = this): number {
    const s = this.slots;
    let i = hash & this.mask;
    for (;;) {
      const k = i << 2;
      if ((s[k + 3]! & 3) === 0) return k;
      if (s[k] === hash && s[k + 1] === object) {
        const a = from.name(open, close);
        if (this.name(s[k + 2]!, s[k + 3]! >> 2) === a) return k;
      }
      i = (i + 1) & this.mask;
    }
  }

  state(at: number): number {
    return this.slots[at + 3]! & 3;
  }

  put(at: number, object: number, hash: number, open: number, close: number, state: number): void {
    const s = this.slots;
    s[at] = hash;
    s[at + 1] = object;
    s[at + 2] = open;
    s[at + 3] = (close << 2) | state;
  }
}

function hashString(name: string, seed: number): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return fmix(h);
}

// Member names kept beyond the width bound wherever they occur: the JOSE header parameters
// (RFC 7515, 7516, 7518, 7797, 8225, 8555) and the registered and common JWT / OIDC claims, so no
// claim a server reads can hide behind 10,000 others.
const KEPT_NAMES = (
  'alg kid typ cty jku jwk x5u x5c x5t x5t#S256 crit enc zip epk apu apv iv tag p2s p2c b64 ppt url ' +
  'nonce iss sub aud exp nbf iat jti azp auth_time acr amr at_hash c_hash s_hash sid scope scp ' +
  'client_id cnf act may_act htm htu ath roles groups email email_verified name preferred_username tid ' +
  'oid ver token_use username events toe txn'
).split(' ');

interface WidthFrame {
  /** Which object (numbered as opened); -1 an array. */
  id: number;
  /** Members begun so far. */
  count: number;
  /** Where the member being read began (its comma), whether it is left out, its name's string. */
  from: number;
  drop: boolean;
  nameAt: number;
  nameEnd: number;
}

/**
 * The text to parse for a value whose objects keep at most `max` members each, or undefined when
 * no object is wider (or the text is not valid JSON: JSON.parse of the original then names the
 * error). JSON.parse of an object with 100,000 members takes ≈ 100 ms in V8 here, and every
 * walker of it as long again. Beyond the first `max` members an object keeps each registered
 * header parameter or claim ({@link KEPT_NAMES}) and each later occurrence of a name it already
 * has, so every value read is the one JSON.parse of the original keeps (the last of a repeated
 * name); a repeat whose earlier occurrence was left out is returned in `duplicates`. A member left
 * out is not read further. The original is checked to be valid JSON ({@link isJsonValue}), so the
 * result parses exactly when the original does.
 */
export function boundJsonWidth(text: string, max = MAX_OBJECT_MEMBERS): WidthBoundJsonText | undefined {
  // An object of more than `max` members writes more than `max` colons: counted with indexOf.
  let colons = 0;
  for (let p = text.indexOf(':'); p !== -1; p = text.indexOf(':', p + 1)) colons++;
  if (colons <= max) return undefined;
  const seed = (Math.random() * 0x7fffffff) | 0;
  const names = new NameTable(text, seed, colons);
  // The registered names in a table of their own, small enough to stay in cache.
  const keptText = KEPT_NAMES.map((k) => `"${k}"`).join('');
  const kept = new NameTable(keptText, seed, KEPT_NAMES.length);
  for (let open = 0; open < keptText.length;) {
    const close = keptText.indexOf('"', open + 1);
    const h = kept.hashAt(open, close);
    kept.put(kept.slot(0, h, open, close), 0, h, open, close, 1);
    open = close + 1;
  }
  // Left-out members: [from, to) pairs, in order (members left out are never nested in each other).
  const cuts: number[] = [];
  const duplicates: DuplicateMember[] = [];
  const frames: WidthFrame[] = [];
  let objects = 0;
  let widest = 0;
  let dropped = 0;
  let expectName = false;
  // Inside a member left out (its frame's depth), nothing is decided.
  let dropDepth = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const close = stringEnd(text, i);
      if (close === -1) return undefined;
      const top = frames[frames.length - 1];
      if (expectName && top && dropDepth === -1) {
        const h = names.hashAt(i, close);
        const at = names.slot(top.id, h, i, close);
        const state = names.state(at);
        if (top.count > max && state === 0) {
          if (kept.state(kept.slot(0, h, i, close, names)) === 0) {
            top.drop = true;
            dropDepth = frames.length;
            names.put(at, top.id, h, i, close, 2);
          } else names.put(at, top.id, h, i, close, 1);
        } else if (state === 2) {
          // A repeat of a name left out: this later occurrence is the one JSON.parse keeps.
          const path = frames
            .slice(0, -1)
            .filter((f) => f.id >= 0)
            .map((f) => names.name(f.nameAt, f.nameEnd))
            .join('.');
          duplicates.push({ path, name: names.name(i, close) });
          names.put(at, top.id, h, i, close, 1);
        } else if (state === 0) names.put(at, top.id, h, i, close, 1);
        top.nameAt = i;
        top.nameEnd = close;
      }
      expectName = false;
      i = close;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      frames.push({ id: c === 123 ? objects++ : -1, count: 1, from: i, drop: false, nameAt: 0, nameEnd: 0 });
      expectName = c === 123;
    } else if (c === 44 /* , */ || c === 125 /* } */ || c === 93 /* ] */) {
      const top = frames[frames.length - 1];
      if (top === undefined) return undefined;
      if (top.id >= 0) {
        if (top.drop) {
          // Members left out one after another are one cut.
          if (cuts.length && cuts[cuts.length - 1] === top.from) cuts[cuts.length - 1] = i;
          else cuts.push(top.from, i);
          dropped++;
          top.drop = false;
          dropDepth = -1;
        }
        if (c === 44) {
          top.count++;
          top.from = i;
          expectName = true;
        } else if (top.count > widest) widest = top.count;
      }
      if (c !== 44) {
        frames.pop();
        expectName = false;
      }
    }
  }
  if (frames.length !== 0 || cuts.length === 0 || !isJsonValue(text)) return undefined;
  const parts: string[] = [];
  let at = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    parts.push(text.slice(at, cuts[k]));
    at = cuts[k + 1]!;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), widest, dropped, duplicates };
}

const SUBJECTS = {
  header: { depth: 'header-depth', width: 'header-width', label: 'header JSON' },
  payload: { depth: 'payload-depth', width: 'payload-width', label: 'payload JSON' },
  'jws-json': { depth: 'jws-json-depth', width: 'jws-json-width', label: 'JWS JSON' },
} as const;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * {@link parseJson} of a token's header, payload or JWS JSON document, built at most
 * {@link MAX_PARSE_DEPTH} deep ({@link boundJsonDepth}) and {@link MAX_OBJECT_MEMBERS} wide
 * ({@link boundJsonWidth}); `notes` say so when it was cut, non-fatal problems. `text` is what
 * was parsed, for the duplicate-member screen; `duplicates` the repeated names whose earlier
 * occurrence the cut left out (the screen of `text` cannot see those).
 */
export function parseJsonBounded(
  raw: string,
  what: keyof typeof SUBJECTS,
): { parsed: JsonParseResult; text: string; notes: ErrorInfo[]; duplicates: DuplicateMember[] } {
  const { depth, width, label } = SUBJECTS[what];
  const notes: ErrorInfo[] = [];
  let duplicates: DuplicateMember[] = [];
  let text = raw;
  const deep = boundJsonDepth(text);
  if (deep) {
    text = deep.text;
    notes.push({
      code: depth,
      message: `${label} nested ${count(deep.deepest)} deep: read to depth ${count(MAX_PARSE_DEPTH)}, deeper values as null`,
    });
  }
  const wide = boundJsonWidth(text);
  if (wide) {
    text = wide.text;
    duplicates = wide.duplicates;
    notes.push({
      code: width,
      message: `${label} has an object of ${count(wide.widest)} members: read its first ${count(MAX_OBJECT_MEMBERS)} and every registered or repeated name, ${count(wide.dropped)} members left out (the JSON text shows them all)`,
    });
  }
  return { parsed: parseJson(text, what), text, notes, duplicates };
}
