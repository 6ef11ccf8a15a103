import type { DecodedToken } from '../../lib/decode-token.ts';
import {
  encodeToken,
  forgeVariant,
  generateKeyPair,
  isSigningAlg,
  jsonTextError,
  secretBytes,
  setJsonMember,
  type EncodeInput,
  type ForgedVariant,
  type JsonTextError,
  type KeyPairKind,
  type SecretFormat,
  type SigningAlg,
  type SigningKey,
  type VariantId,
} from '../../lib/forge/index.ts';
import { prettyJsonLines } from '../../lib/json-pretty.ts';
import type { ErrorInfo, KeyEntry, Sighting } from '../../lib/types.ts';
import type { KeyFacts } from '../../lib/verify/index.ts';
import { inspectToken, type InspectFn, type PanelInspection } from './inspect-token.ts';
import { decodeCached } from './token-view.ts';

/** Where the signature of the workbench token comes from. */
export type KeyChoice =
  /** A signature kept as it is (the source token's, or a variant's: stripped, empty, psychic, foreign). */
  | { kind: 'fixed'; signature: string; trailingDot: boolean; label: string }
  /** A secret or private key of the key ring. */
  | { kind: 'ring'; id: string }
  /** The inline secret box. */
  | { kind: 'secret' }
  /** A private key pasted as PEM or JWK. */
  | { kind: 'private' }
  /** A key a variant or "Generate a key pair" chose (confusion bytes, an embedded key's private half). */
  | { kind: 'given'; key: SigningKey; label: string };

/** A key pair made by "Generate a key pair", with its public texts ready to copy. */
export interface GeneratedPair {
  kind: KeyPairKind;
  alg: SigningAlg;
  kid: string;
  publicJwk: string;
  jwks: string;
  publicPem: string;
  /** Its id on the key ring once saved. */
  ringId?: string;
}

/** The several outputs of a variant (e.g. the `none` spellings), offered as a list to pick from. */
export interface VariantChoice {
  variant: VariantId;
  outputs: ForgedVariant[];
  picked: number;
}

/** Everything the workbench shows. */
export interface WorkbenchState {
  /** The token it was opened on (absent for a new token). */
  source?: string;
  /** The source sighting's cookie name, for "copy as a cookie line". */
  cookieName: string;
  headerText: string;
  payloadText: string;
  /** The algorithm signed with: the select's value (follows the header's `alg` when it is one). */
  alg: SigningAlg;
  key: KeyChoice;
  secretText: string;
  secretFormat: SecretFormat;
  privateText: string;
  /** The last token that encoded; '' before the first. */
  token: string;
  /** An edit is waiting to be encoded (or signed): the token shown is the last good one. */
  pending: boolean;
  /** JSON problems of the header and payload texts (the token still encodes). */
  jsonErrors: JsonTextError[];
  /** Why the current input does not encode (a key problem), if it does not. */
  error?: ErrorInfo;
  /** The inspection of {@link token} against the ring. */
  inspection?: PanelInspection;
  inspecting: boolean;
  variantChoice?: VariantChoice;
  /** The variant that made the current text, until the user edits it. */
  variant?: VariantId;
  /** Something a variant or a key action wants the user to know (the JWKS to host, …). */
  note?: string;
  /** A variant could not be applied. */
  variantError?: ErrorInfo;
  generated?: GeneratedPair;
  generating: boolean;
}

/** What the model needs from the panel: the ring, the clock, the engine's inspect, the cracked secrets. */
export interface WorkbenchContext {
  keys(): KeyEntry[];
  /** Epoch ms. */
  now(): number;
  clockSkew(): number;
  inspectFn?: InspectFn;
  /** The secret the weak-secret search found for a token. */
  crackedOf(token: string): string | undefined;
  /** Other tokens in the list (for "signature from another token"). */
  otherTokens(): string[];
  /** What the engine found each ring entry to be (by id), when it has looked. */
  facts?(): ReadonlyMap<string, KeyFacts>;
  /** Saves a key to the ring; returns its id. */
  addKey(entry: Omit<KeyEntry, 'id'>): string | undefined;
  /**
   * The quick secret check run off the panel's thread (the host's worker): the token is then
   * inspected without it here, and again with the common secret it found.
   */
  quickCheck?(token: string): Promise<string | undefined>;
}

/** The debounce of re-encoding while typing, in ms. */
export const ENCODE_DEBOUNCE_MS = 100;

/** The key used when a new token is made from the template (as jwt.io's encoder does). */
export const TEMPLATE_SECRET = 'a-string-secret-at-least-256-bits-long';

/** The header and payload texts of "New token": HS256, sub, name, iat now and exp in an hour. */
export function templateTexts(nowSeconds: number): { headerText: string; payloadText: string } {
  return {
    headerText: '{"alg":"HS256","typ":"JWT"}',
    payloadText: `{"sub":"1234567890","name":"John Doe","iat":${nowSeconds},"exp":${nowSeconds + 3600}}`,
  };
}

/** The text the workbench edits for one part: the decoded JSON exactly, or the text that decodes of a malformed part. */
function partText(decoded: DecodedToken, i: 0 | 1): string {
  const raw = i === 0 ? decoded.rawHeader : decoded.rawPayload;
  if (raw !== undefined) return raw;
  const seg = decoded.segments[i];
  if (!seg) return '';
  // A part that is not base64url or not UTF-8: what does decode, leniently.
  try {
    const b64 = seg.text
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .replace(/[^A-Za-z0-9+/]/g, '');
    const bin = atob(
      b64.slice(0, b64.length - (b64.length % 4 === 1 ? 1 : 0)) + '=='.slice(0, (4 - (b64.length % 4)) % 4),
    );
    return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

/** The cookie name a token was sent under, else `token`. */
export function cookieNameOf(sightings: readonly Sighting[] | undefined): string {
  for (const s of sightings ?? []) {
    if (s.location.kind === 'cookie' || s.location.kind === 'set-cookie') return s.location.name;
  }
  return 'token';
}

/** The `alg` of a header text when it parses and names a signing algorithm. */
export function algOfHeader(text: string): SigningAlg | undefined {
  try {
    const h: unknown = JSON.parse(text);
    const alg = typeof h === 'object' && h !== null ? (h as Record<string, unknown>).alg : undefined;
    return isSigningAlg(alg) ? alg : undefined;
  } catch {
    return undefined;
  }
}

function secretFormatOf(format: KeyEntry['format']): SecretFormat | undefined {
  return format === 'text' || format === 'base64' || format === 'base64url' || format === 'hex' ? format : undefined;
}

/** The signing key of a ring entry: a secret's bytes, or the material as private key text. */
export function ringSigningKey(entry: KeyEntry): { ok: true; key: SigningKey } | { ok: false; error: ErrorInfo } {
  const format = entry.format ?? (/^\s*(-----BEGIN|\{)/.test(entry.material) ? undefined : 'text');
  const sf = secretFormatOf(format);
  const label = entry.label || entry.id;
  if (sf) {
    const bytes = secretBytes(entry.material, sf);
    return bytes.ok ? { ok: true, key: { kind: 'secret', bytes: bytes.value, label } } : bytes;
  }
  return { ok: true, key: { kind: 'private', text: entry.material, label } };
}

/**
 * The workbench: the texts being edited, the key, and the token they encode to. Edits are encoded
 * after a short pause; encoding and signing are async, so each run carries a sequence number and
 * only the latest input's result is kept (the last good token stays shown, marked pending, meanwhile).
 * The token is inspected like any other (through inspect-token.ts) against the current ring.
 */
export class WorkbenchModel {
  private s: WorkbenchState;
  private seq = 0;
  private inspectSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private lastInput: EncodeInput | undefined;

  constructor(
    private readonly ctx: WorkbenchContext,
    init: Pick<WorkbenchState, 'headerText' | 'payloadText' | 'alg' | 'key' | 'cookieName'> &
      Partial<Pick<WorkbenchState, 'source' | 'secretText' | 'token'>>,
    private readonly onChange: (s: WorkbenchState) => void,
  ) {
    this.s = {
      secretText: '',
      secretFormat: 'text',
      privateText: '',
      token: '',
      pending: true,
      jsonErrors: [],
      inspecting: false,
      generating: false,
      ...init,
    };
    this.s.jsonErrors = this.jsonErrors();
    this.encodeNow();
  }

  /** Opens a token (captured, pasted or forged): its texts exactly as decoded, its signature kept until a key is chosen. */
  static forToken(
    ctx: WorkbenchContext,
    token: string,
    sightings: readonly Sighting[] | undefined,
    onChange: (s: WorkbenchState) => void,
  ): WorkbenchModel {
    // The panel's decoding (made off the main thread for a big token when it arrived), not a second one.
    const decoded = decodeCached(token);
    const headerText = partText(decoded, 0);
    const alg = algOfHeader(headerText) ?? 'HS256';
    const sig = decoded.segments[2]?.text ?? '';
    return new WorkbenchModel(
      ctx,
      {
        source: token,
        cookieName: cookieNameOf(sightings),
        headerText,
        payloadText: partText(decoded, 1),
        alg,
        key: { kind: 'fixed', signature: sig, trailingDot: decoded.segments.length >= 3, label: 'original signature' },
        token,
      },
      onChange,
    );
  }

  /** "New token": the HS256 template with jwt.io's default secret. */
  static fromTemplate(ctx: WorkbenchContext, onChange: (s: WorkbenchState) => void): WorkbenchModel {
    return new WorkbenchModel(
      ctx,
      {
        ...templateTexts(Math.floor(ctx.now() / 1000)),
        alg: 'HS256',
        key: { kind: 'secret' },
        secretText: TEMPLATE_SECRET,
        cookieName: 'token',
      },
      onChange,
    );
  }

  /** The current state. */
  get state(): WorkbenchState {
    return this.s;
  }

  private patch(p: Partial<WorkbenchState>): void {
    if (this.disposed) return;
    this.s = { ...this.s, ...p };
    this.onChange(this.s);
  }

  private jsonErrors(s: Pick<WorkbenchState, 'headerText' | 'payloadText'> = this.s): JsonTextError[] {
    const out: JsonTextError[] = [];
    const h = jsonTextError(s.headerText, 'header');
    const p = jsonTextError(s.payloadText, 'payload');
    if (h) out.push(h);
    if (p) out.push(p);
    return out;
  }

  /** An edit: the texts change now, the token after the debounce. */
  private edit(p: Partial<WorkbenchState>, clearVariant = true): void {
    const next = { ...this.s, ...p };
    this.patch({
      ...p,
      jsonErrors: this.jsonErrors(next),
      pending: true,
      ...(clearVariant ? { variant: undefined, variantChoice: undefined, note: undefined } : {}),
    });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.encodeNow(), ENCODE_DEBOUNCE_MS);
  }

  /** The header text changed; a typed `alg` that names an algorithm moves the select. */
  setHeader(text: string): void {
    const alg = algOfHeader(text);
    const key = alg && !this.keyFits(this.s.key, alg) ? this.defaultKeyFor(alg) : this.s.key;
    this.edit({ headerText: text, ...(alg ? { alg, key } : {}) });
  }

  /** The payload text changed. */
  setPayload(text: string): void {
    this.edit({ payloadText: text });
  }

  /** The select chose an algorithm: the header's `alg` member is edited textually (the rest byte-identical). */
  setAlg(alg: SigningAlg): void {
    const headerText = setJsonMember(this.s.headerText, 'alg', JSON.stringify(alg));
    // A kept signature belongs to the old algorithm: choose a key that can sign the new one.
    const { key: current } = this.s;
    const key =
      current.kind === 'fixed' || current.kind === 'given' || !this.keyFits(current, alg)
        ? this.defaultKeyFor(alg)
        : current;
    this.edit({ headerText, alg, key });
  }

  // A kept signature or a variant's key stays until the user picks another; a secret fits HS*, a private key the rest.
  private keyFits(key: KeyChoice, alg: SigningAlg): boolean {
    if (key.kind === 'fixed' || key.kind === 'given' || alg === 'none') return true;
    if (key.kind === 'secret') return alg.startsWith('HS');
    if (key.kind === 'private') return !alg.startsWith('HS');
    return this.usableRing(alg).some((k) => k.id === key.id);
  }

  private defaultKeyFor(alg: SigningAlg): KeyChoice {
    if (alg === 'none' || alg.startsWith('HS')) {
      const ring = this.usableRing(alg)[0];
      return ring ? { kind: 'ring', id: ring.id } : { kind: 'secret' };
    }
    const ring = this.usableRing(alg)[0];
    return ring ? { kind: 'ring', id: ring.id } : { kind: 'private' };
  }

  /** Ring entries that can sign with `alg`: secrets for HS*, private keys of the alg's type (RSA, the curve) otherwise. */
  usableRing(alg: SigningAlg = this.s.alg): KeyEntry[] {
    if (alg === 'none') return [];
    const facts = this.ctx.facts?.();
    return this.ctx.keys().filter((k) => {
      const f = facts?.get(k.id);
      if (f) return factsSign(f, alg);
      const sf = secretFormatOf(k.format);
      const looksPrivate = /PRIVATE KEY-----/.test(k.material) || /"d"\s*:/.test(k.material);
      return alg.startsWith('HS') ? sf !== undefined || (k.format === undefined && !looksPrivate) : looksPrivate;
    });
  }

  /** Chooses where the signature comes from. */
  setKey(key: KeyChoice): void {
    this.edit({ key }, false);
  }

  /** The inline secret changed (and is chosen). */
  setSecret(text: string): void {
    this.edit({ secretText: text, key: { kind: 'secret' } }, false);
  }

  /** Saves the inline secret to the key ring (so tokens signed with it verify); returns its id. */
  saveSecret(): string | undefined {
    if (this.s.secretText === '') return undefined;
    return this.ctx.addKey({
      label: `workbench secret (${this.s.secretFormat})`,
      material: this.s.secretText,
      format: this.s.secretFormat,
    });
  }

  /** The inline secret's format changed. */
  setSecretFormat(format: SecretFormat): void {
    this.edit({ secretFormat: format, key: this.s.key.kind === 'secret' ? this.s.key : { kind: 'secret' } }, false);
  }

  /** The pasted private key changed (and is chosen). */
  setPrivateText(text: string): void {
    this.edit({ privateText: text, key: { kind: 'private' } }, false);
  }

  /** Pretty-prints one part (only on click: it changes the bytes that are encoded). */
  format(part: 'header' | 'payload'): void {
    const text = part === 'header' ? this.s.headerText : this.s.payloadText;
    const lines = jsonTextError(text, part) ? null : prettyJsonLines(text);
    if (!lines) return;
    // Re-indented, every lexeme as typed (numbers, escapes, duplicate members kept).
    const pretty = lines
      .map((l) => '  '.repeat(l.depth) + l.tokens.map((t) => (t.type === 'colon' ? ': ' : t.text)).join(''))
      .join('\n');
    if (part === 'header') this.setHeader(pretty);
    else this.setPayload(pretty);
  }

  /** A time helper: `iat` now, `exp` now + N minutes, "expire it" (exp a minute ago), "not yet valid" (nbf in an hour). */
  setTime(what: 'iat' | 'exp' | 'expire' | 'nbf', minutes = 60): void {
    const now = Math.floor(this.ctx.now() / 1000);
    const [name, value] =
      what === 'iat'
        ? ['iat', now]
        : what === 'exp'
          ? ['exp', now + Math.round(minutes * 60)]
          : what === 'expire'
            ? ['exp', now - 60]
            : ['nbf', now + 3600];
    this.setPayload(setJsonMember(this.s.payloadText, name as string, String(value)));
  }

  /** The signing input of the current texts: what a variant starts from. */
  private signingKey(): { ok: true; key: SigningKey } | { ok: false; error: ErrorInfo } {
    const { key, alg } = this.s;
    if (alg === 'none') return { ok: true, key: { kind: 'none' } };
    switch (key.kind) {
      case 'ring': {
        const entry = this.ctx.keys().find((k) => k.id === key.id);
        if (!entry)
          return { ok: false, error: { code: 'sign-key-missing', message: 'That key is no longer on the key ring.' } };
        return ringSigningKey(entry);
      }
      case 'secret': {
        const bytes = secretBytes(this.s.secretText, this.s.secretFormat);
        return bytes.ok ? { ok: true, key: { kind: 'secret', bytes: bytes.value, label: 'inline secret' } } : bytes;
      }
      case 'private':
        if (this.s.privateText.trim() === '')
          return {
            ok: false,
            error: { code: 'sign-key-missing', message: `Paste a private key (PEM or JWK) to sign with ${alg}.` },
          };
        return { ok: true, key: { kind: 'private', text: this.s.privateText, label: 'pasted private key' } };
      case 'given':
        return { ok: true, key: key.key };
      case 'fixed':
        return { ok: true, key: { kind: 'none' } };
    }
  }

  private input(): { ok: true; input: EncodeInput } | { ok: false; error: ErrorInfo } {
    const { headerText, payloadText, key, alg } = this.s;
    if (key.kind === 'fixed')
      return {
        ok: true,
        input: {
          headerText,
          payloadText,
          signing: { mode: 'fixed', signature: key.signature, trailingDot: key.trailingDot },
        },
      };
    const k = this.signingKey();
    if (!k.ok) return k;
    return { ok: true, input: { headerText, payloadText, signing: { mode: 'sign', alg, key: k.key } } };
  }

  /** Encodes (and signs) the current input now; a later input's result always wins. */
  encodeNow(): void {
    clearTimeout(this.timer);
    const seq = ++this.seq;
    const input = this.input();
    if (!input.ok) {
      this.patch({ pending: false, error: input.error });
      return;
    }
    this.lastInput = input.input;
    // Invalid JSON on purpose still encodes (byte for byte, signed too); its errors are shown beside it.
    void encodeToken(input.input, { allowInvalidJson: true, knownJsonErrors: this.s.jsonErrors }).then(
      (r) => {
        if (seq !== this.seq) return;
        if (!r.ok) {
          this.patch({ pending: false, error: r.error });
          return;
        }
        const changed = r.value.token !== this.s.token || this.s.inspection === undefined;
        this.patch({ pending: false, error: undefined, token: r.value.token });
        if (changed) this.inspect();
      },
      (e: unknown) => {
        if (seq === this.seq) this.patch({ pending: false, error: { code: 'internal', message: String(e) } });
      },
    );
  }

  /** Inspects the current token again (after a ring change too). */
  inspect(): void {
    const token = this.s.token;
    if (!token) return;
    const seq = ++this.inspectSeq;
    this.patch({ inspecting: true });
    const cracked = this.ctx.crackedOf(token);
    const quickCheck = this.ctx.quickCheck;
    const run = (crackedSecret: string | undefined) =>
      inspectToken(
        token,
        {
          keys: this.ctx.keys(),
          now: Math.floor(this.ctx.now() / 1000),
          clockSkew: this.ctx.clockSkew(),
          sightings: [],
          ...(crackedSecret !== undefined ? { crackedSecret } : {}),
          ...(quickCheck ? { quickSecretCheck: false } : {}),
        },
        this.ctx.inspectFn,
      );
    void run(cracked).then(async (inspection) => {
      if (seq !== this.inspectSeq) return;
      const alg = (inspection.header as { alg?: unknown } | undefined)?.alg;
      const asks = quickCheck && cracked === undefined && inspection.kind === 'jws' && typeof alg === 'string';
      if (!asks || !alg.startsWith('HS')) {
        this.patch({ inspection, inspecting: false });
        return;
      }
      // Every edit makes a new token: its thousand-secret check runs in the worker, not here.
      this.patch({ inspection });
      const found = await quickCheck(token).catch(() => undefined);
      if (seq !== this.inspectSeq) return;
      if (found === undefined) this.patch({ inspecting: false });
      else {
        const again = await run(found);
        if (seq === this.inspectSeq) this.patch({ inspection: again, inspecting: false });
      }
    });
  }

  /** Forges a variant of the current token and applies its first output (the others are offered to pick from). */
  async applyVariant(id: VariantId, params: Record<string, string>): Promise<void> {
    const base = this.s.token || this.s.source;
    if (!base) return;
    const crackedSecret = (this.s.source && this.ctx.crackedOf(this.s.source)) ?? this.ctx.crackedOf(base);
    const r = await forgeVariant(id, base, params, {
      keys: this.ctx.keys(),
      ...(crackedSecret !== undefined ? { crackedSecret } : {}),
      now: Math.floor(this.ctx.now() / 1000),
      otherTokens: this.ctx.otherTokens().filter((t) => t !== base),
    });
    if (this.disposed) return;
    if (!r.ok) {
      this.patch({ variantError: r.error });
      return;
    }
    if (r.value.length === 0) {
      this.patch({ variantError: { code: 'internal', message: 'This variant made no token for this input.' } });
      return;
    }
    this.patch({ variantError: undefined });
    this.pick({ variant: id, outputs: r.value, picked: 0 });
  }

  /** Applies one output of the last variant into the editor. */
  pickOutput(index: number): void {
    const choice = this.s.variantChoice;
    if (choice && choice.outputs[index]) this.pick({ ...choice, picked: index });
  }

  private pick(choice: VariantChoice): void {
    const out = choice.outputs[choice.picked]!;
    const { input } = out;
    const key: KeyChoice =
      input.signing.mode === 'fixed'
        ? {
            kind: 'fixed',
            signature: input.signing.signature,
            trailingDot: input.signing.trailingDot,
            label: out.label,
          }
        : { kind: 'given', key: input.signing.key, label: input.signing.key.kind === 'none' ? 'no key' : out.label };
    const alg = input.signing.mode === 'sign' ? input.signing.alg : (algOfHeader(input.headerText) ?? this.s.alg);
    clearTimeout(this.timer);
    this.seq++;
    this.patch({
      headerText: input.headerText,
      payloadText: input.payloadText,
      alg,
      key,
      jsonErrors: this.jsonErrors(input),
      variant: choice.variant,
      variantChoice: choice,
      note: [
        out.note,
        out.hostJwks ? `Host this at the URL:\n${out.hostJwks}` : undefined,
        out.privateKey ? `The private key this forgery was signed with (JWK):\n${out.privateKey}` : undefined,
      ]
        .filter(Boolean)
        .join('\n\n'),
      error: undefined,
      pending: false,
      token: out.token,
    });
    this.inspect();
  }

  /** Generates a key pair, saves its private key to the ring and signs with it. */
  async generate(kind: KeyPairKind): Promise<void> {
    this.patch({ generating: true });
    let pair: Awaited<ReturnType<typeof generateKeyPair>>;
    try {
      pair = await generateKeyPair(kind);
    } catch (e) {
      this.patch({ generating: false, error: { code: 'internal', message: `No key pair: ${String(e)}` } });
      return;
    }
    if (this.disposed) return;
    const ringId = this.ctx.addKey({
      label: `generated ${kind} (${pair.kid.slice(0, 8)})`,
      material: JSON.stringify(pair.privateJwk),
      format: 'jwk',
    });
    const generated: GeneratedPair = {
      kind,
      alg: pair.alg,
      kid: pair.kid,
      publicJwk: JSON.stringify(pair.publicJwk, null, 2),
      jwks: pair.jwks,
      publicPem: pair.publicPem,
      ...(ringId ? { ringId } : {}),
    };
    const alg = pairSigns(kind, this.s.alg) ? this.s.alg : pair.alg;
    const headerText =
      alg === this.s.alg ? this.s.headerText : setJsonMember(this.s.headerText, 'alg', JSON.stringify(alg));
    this.patch({ generating: false, generated });
    this.edit(
      {
        headerText,
        alg,
        key: ringId
          ? { kind: 'ring', id: ringId }
          : {
              kind: 'given',
              key: { kind: 'private', text: JSON.stringify(pair.privateJwk) },
              label: `generated ${kind}`,
            },
      },
      false,
    );
  }

  /** The input last given to the encoder (tests read it). */
  get encodeInput(): EncodeInput | undefined {
    return this.lastInput;
  }

  /** Stops timers; later results are dropped. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}

const CURVE_OF: Partial<Record<SigningAlg, string>> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  EdDSA: 'Ed25519',
};

/** True when a described ring key can sign with `alg`: a secret for HS, an RSA private key for RS and PS, the curve's own for ES and EdDSA. */
function factsSign(f: KeyFacts, alg: SigningAlg): boolean {
  if (alg.startsWith('HS')) return f.kind === 'secret';
  if (f.kind !== 'private') return false;
  if (alg.startsWith('RS') || alg.startsWith('PS')) return f.kty === 'RSA';
  return f.crv === CURVE_OF[alg];
}

/** True when a generated key of `kind` signs with `alg` (RSA: RS* and PS*; each curve its own ES*). */
function pairSigns(kind: KeyPairKind, alg: SigningAlg): boolean {
  if (kind.startsWith('RSA')) return /^(RS|PS)/.test(alg);
  return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', Ed25519: 'EdDSA' }[kind as string] === alg;
}
