import type { Severity } from '../types.ts';
import type { RuleScope } from './define-rule.ts';
import { algConfusion } from './alg-confusion.ts';
import { algNone } from './alg-none.ts';
import { audMissing } from './aud-missing.ts';
import { base64Noncanonical } from './base64-noncanonical.ts';
import { cookieNotHttponly } from './cookie-not-httponly.ts';
import { cookieNotSecure } from './cookie-not-secure.ts';
import { cookieSamesiteWeak } from './cookie-samesite-weak.ts';
import { critUnsupported } from './crit-unsupported.ts';
import { duplicateMember } from './duplicate-member.ts';
import { embeddedKey } from './embedded-key.ts';
import { expMissing } from './exp-missing.ts';
import { expired } from './expired.ts';
import { iatFuture } from './iat-future.ts';
import { issMissing } from './iss-missing.ts';
import { jwePbes2Count } from './jwe-pbes2-count.ts';
import { jweRsa15 } from './jwe-rsa1_5.ts';
import { jweZip } from './jwe-zip.ts';
import { invisibleCharacters } from './invisible-characters.ts';
import { invisibleCookieName } from './invisible-cookie-name.ts';
import { kidInjection } from './kid-injection.ts';
import { longLifetime } from './long-lifetime.ts';
import { notUtf8 } from './not-utf8.ts';
import { notYetValid } from './not-yet-valid.ts';
import { numericdateInvalid } from './numericdate-invalid.ts';
import { psychicSignature } from './psychic-signature.ts';
import { remoteKeyUrl } from './remote-key-url.ts';
import { sensitiveData } from './sensitive-data.ts';
import { sentOverHttp } from './sent-over-http.ts';
import { shortHmacKey } from './short-hmac-key.ts';
import { signatureMissing } from './signature-missing.ts';
import { tokenInUrl } from './token-in-url.ts';
import { weakHmacSecret } from './weak-hmac-secret.ts';
import { weakRsaKey } from './weak-rsa-key.ts';
import { webStorage } from './web-storage.ts';
import { expiredTokenSent } from './expired-token-sent.ts';
import { thirdPartyRecipient } from './third-party-recipient.ts';
import { accessAudMismatch } from './access-aud-mismatch.ts';
import { accessTokenTyp } from './access-token-typ.ts';
import { dpopAthMismatch } from './dpop-ath-mismatch.ts';
import { dpopBadKey } from './dpop-bad-key.ts';
import { dpopHtmMismatch } from './dpop-htm-mismatch.ts';
import { dpopHtuMismatch } from './dpop-htu-mismatch.ts';
import { dpopIatStale } from './dpop-iat-stale.ts';
import { dpopJktMismatch } from './dpop-jkt-mismatch.ts';
import { dpopJtiMissing } from './dpop-jti-missing.ts';
import { dpopTypInvalid } from './dpop-typ-invalid.ts';
import { idAtHashMismatch } from './id-at-hash-mismatch.ts';
import { idAzpInvalid } from './id-azp-invalid.ts';
import { idCHashMismatch } from './id-c-hash-mismatch.ts';
import { idNonceMismatch } from './id-nonce-mismatch.ts';
import { idTokenAsBearer } from './id-token-as-bearer.ts';
import { serverAcceptsForgery } from './server-accepts-forgery.ts';

/** Every rule of the findings catalogue, in the order their findings are listed for equal severity. */
export const RULE_MODULES = [
  serverAcceptsForgery,
  algNone,
  signatureMissing,
  weakHmacSecret,
  algConfusion,
  psychicSignature,
  shortHmacKey,
  weakRsaKey,
  embeddedKey,
  remoteKeyUrl,
  kidInjection,
  invisibleCharacters,
  critUnsupported,
  duplicateMember,
  expired,
  notYetValid,
  iatFuture,
  numericdateInvalid,
  expMissing,
  longLifetime,
  issMissing,
  audMissing,
  dpopBadKey,
  dpopJktMismatch,
  dpopAthMismatch,
  dpopTypInvalid,
  dpopJtiMissing,
  dpopIatStale,
  dpopHtmMismatch,
  dpopHtuMismatch,
  idAtHashMismatch,
  idCHashMismatch,
  idNonceMismatch,
  idAzpInvalid,
  idTokenAsBearer,
  accessAudMismatch,
  accessTokenTyp,
  sensitiveData,
  sentOverHttp,
  tokenInUrl,
  cookieNotHttponly,
  cookieNotSecure,
  cookieSamesiteWeak,
  invisibleCookieName,
  webStorage,
  thirdPartyRecipient,
  expiredTokenSent,
  jweRsa15,
  jwePbes2Count,
  jweZip,
  base64Noncanonical,
  notUtf8,
] as const;

/** Every rule id of the findings catalogue, derived from the registry. */
export type RuleId = (typeof RULE_MODULES)[number]['id'];

/** One rule's catalogue entry: what it means, how severe it is at most, what it looks at, where it comes from. */
export interface RuleInfo {
  id: RuleId;
  severity: Severity;
  scope: RuleScope;
  title: string;
  explanation: string;
  reference: string;
}

/** The catalogue's metadata, in registry order. */
export const RULES: readonly RuleInfo[] = RULE_MODULES.map(
  ({ id, severity, scope, title, explanation, reference }) => ({
    id,
    severity,
    scope,
    title,
    explanation,
    reference,
  }),
);

const byId = new Map<string, RuleInfo>(RULES.map((r) => [r.id, r]));

/** Metadata of one rule by id. */
export function ruleInfo(id: RuleId): RuleInfo | undefined {
  return byId.get(id);
}

export type { RuleContext, RuleKeyFacts, WeakSecretHit, AlgConfusionHit } from './context.ts';
export type { Finding } from './finding.ts';
export { defineRule, isRule, type Rule, type RuleReport, type RuleScope, type RuleSpec } from './define-rule.ts';
