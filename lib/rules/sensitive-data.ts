import type { Severity } from '../types.ts';
import { defineRule, type RuleReport } from './define-rule.ts';
import { claimsOf, kindOf } from './context.ts';

// Bounds that keep a hostile megabyte payload cheap to scan.
const MAX_NODES = 5000;
const MAX_DEPTH = 32;
const MAX_FINDINGS = 10;
const MAX_STRING = 256;

const SECRET_NAME =
  /^(?:pass(?:word|wd|phrase)?|pwd|secret|client_?secret|api_?(?:key|secret|token)|private_?key|priv_?key|access_?key(?:_?id)?|secret_?(?:access_?)?key|aws_?secret_?access_?key|signing_?key|encryption_?key|credentials?)$/;
const SECRET_PART = /password|passwd|secret|api_?key|private_?key/;
const CARD_NAME = /^(?:credit_?card|card_?(?:number|no|num)|cc_?(?:number|num)?|pan|cvv2?|cvc)$/;
const SSN_NAME = /^(?:ssn|social_?security(?:_?number)?)$/;
const PHONE_NAME = /(?:^|_)(?:phone|mobile|msisdn|tel|telephone)(?:_?number)?$/;
const EMAIL = /^[^\s@"<>()]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const PHONE = /^\+[1-9]\d{0,2}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}$/;
const CARD = /^[2-6]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{1,7}$/;
const SSN = /^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/;
// Time claims and the like are numbers that can pass Luhn by chance.
const NOT_CONTENT = new Set([
  'exp',
  'nbf',
  'iat',
  'auth_time',
  'updated_at',
  'jti',
  'sid',
  'nonce',
  'at_hash',
  'c_hash',
]);

// OIDC Core §5.1 standard claims: in an ID token or a userinfo response the scope asked for them.
const PROFILE_CLAIMS = new Set([
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
]);

/** True for an ID token or a (signed) userinfo response, where the profile claims are expected. */
function isProfileToken(ctx: Parameters<typeof claimsOf>[0]): boolean {
  if (kindOf(ctx) === 'id') return true;
  return (ctx.sightings ?? []).some((s) => typeof s.url === 'string' && /\/userinfo(?:[/?#]|$)/i.test(s.url));
}

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// What a claim's name says, from its normalised form. Names repeat from token to token: judged once
// each (bounded, so hostile names cannot grow it).
interface NameFacts {
  notContent: boolean;
  secret: boolean;
  card: boolean;
  ssn: boolean;
  phone: boolean;
}

const nameFacts = new Map<string, NameFacts>();

function factsOf(name: string): NameFacts {
  let f = nameFacts.get(name);
  if (f !== undefined) return f;
  const n = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[-\s.]+/g, '_');
  f = {
    notContent: NOT_CONTENT.has(n),
    secret: SECRET_NAME.test(n) || SECRET_PART.test(n),
    card: CARD_NAME.test(n),
    ssn: SSN_NAME.test(n),
    phone: PHONE_NAME.test(n),
  };
  if (nameFacts.size >= 2048) nameFacts.clear();
  if (name.length <= 256) nameFacts.set(name, f);
  return f;
}

function mask(text: string): string {
  const at = text.indexOf('@');
  if (at > 0) return `${text[0]}***${text.slice(at)}`;
  return text.length <= 4 ? '****' : `${'*'.repeat(Math.min(text.length - 4, 12))}${text.slice(-4)}`;
}

interface Hit {
  severity: Severity;
  what: string;
}

function judge(name: string, value: unknown): Hit | undefined {
  const n = factsOf(name);
  if (n.notContent) return undefined;
  const present = value !== null && value !== '' && value !== undefined && typeof value !== 'boolean';
  if (present && n.secret && typeof value !== 'object')
    return { severity: 'medium', what: 'looks like a password, secret or API key' };
  const text =
    typeof value === 'string'
      ? value.trim()
      : typeof value === 'number' && Number.isSafeInteger(value)
        ? String(value)
        : undefined;
  if (text === undefined || text.length > MAX_STRING) return undefined;
  // Each pattern runs only where its cheap precondition holds: a card number has 13–19 digits, an
  // SSN 9–11 characters, both a leading digit, an email an "@", a phone number a leading "+" or a
  // phone-like name.
  const len = text.length;
  // Both patterns start with a digit (a card number with 2–6), unless the name says card or SSN.
  const first = text.charCodeAt(0);
  const digitFirst = first >= 48 && first <= 57;
  let digits: string | undefined;
  if (len >= 13 && (n.card || (first >= 50 && first <= 54))) {
    digits = text.replace(/[ -]/g, '');
    if (
      (CARD.test(text) || (n.card && /^\d{13,19}$/.test(digits))) &&
      digits.length >= 13 &&
      digits.length <= 19 &&
      luhn(digits)
    )
      return { severity: 'medium', what: `holds a payment card number (${mask(digits)})` };
  }
  if (len >= 9 && len <= 11 && digitFirst && (SSN.test(text) || (n.ssn && /^\d{3}-?\d{2}-?\d{4}$/.test(text))))
    return {
      severity: 'medium',
      what: `holds a US Social Security number (${mask(digits ?? text.replace(/[ -]/g, ''))})`,
    };
  if (text.indexOf('@') > 0 && EMAIL.test(text))
    return { severity: 'low', what: `holds an email address (${mask(text)})` };
  if (
    (text.charCodeAt(0) === 43 /* + */ && PHONE.test(text)) ||
    (n.phone && len >= 7 && len <= 21 && /^\+?[\d ().-]{7,20}$/.test(text) && /\d{3}/.test(text))
  )
    return { severity: 'low', what: `holds a phone number (${mask(digits ?? text.replace(/[ -]/g, ''))})` };
  return undefined;
}

/** Claims that carry secrets or personal data (passwords, API keys, card numbers, SSNs, emails, phone numbers). */
export const sensitiveData = defineRule({
  id: 'sensitive-data',
  severity: 'medium',
  scope: 'token',
  title: 'Sensitive data in the claims',
  explanation:
    'A signed JWT is only base64url-encoded, not encrypted: anyone who sees the token (browser extensions, logs, proxies, analytics) can read its claims. Keep secrets and personal data out of tokens; send an opaque identifier and look the data up server-side, or encrypt the token (JWE).',
  reference: 'RFC 7519 §12; RFC 8725 §3.10',
  check(ctx) {
    const claims = claimsOf(ctx);
    if (!claims) return [];
    const out: RuleReport[] = [];
    const profile = isProfileToken(ctx);
    // Iterative walk with a node budget: payloads may be deeply nested or huge.
    const stack: { path: string; value: unknown; depth: number }[] = [];
    for (const name of Object.keys(claims)) stack.push({ path: name, value: claims[name], depth: 1 });
    stack.reverse();
    let visited = 0;
    while (stack.length > 0 && visited < MAX_NODES && out.length < MAX_FINDINGS) {
      const { path, value, depth } = stack.pop()!;
      visited++;
      // The standard profile claims (and what address holds) are what the scope asked for, not a leak.
      if (profile && PROFILE_CLAIMS.has(path.split(/[.[]/)[0]!)) continue;
      let last = path.slice(path.lastIndexOf('.') + 1);
      if (last.charCodeAt(last.length - 1) === 93 /* ] */) last = last.replace(/\[\d+\]$/, '');
      const hit = judge(last, value);
      if (hit) {
        out.push({
          severity: hit.severity,
          message: `Claim "${path}" ${hit.what}; anyone holding the token can read it.`,
        });
        continue;
      }
      if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) continue;
      const children: { path: string; value: unknown; depth: number }[] = [];
      if (Array.isArray(value)) {
        const n = Math.min(value.length, MAX_NODES);
        for (let i = 0; i < n; i++) children.push({ path: `${path}[${i}]`, value: value[i], depth: depth + 1 });
      } else {
        for (const k of Object.keys(value)) {
          children.push({ path: `${path}.${k}`, value: (value as Record<string, unknown>)[k], depth: depth + 1 });
          if (children.length >= MAX_NODES) break;
        }
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    return out;
  },
});
