import type { RuleId, Severity } from '../types.ts';
import { algConfusion } from './alg-confusion.ts';
import { algNone } from './alg-none.ts';
import { audMissing } from './aud-missing.ts';
import { base64Noncanonical } from './base64-noncanonical.ts';
import type { Rule } from './context.ts';
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

/** Every rule of the findings catalogue, in the order their findings are listed for equal severity. */
export const RULE_MODULES: readonly Rule[] = [
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
  sensitiveData,
  sentOverHttp,
  tokenInUrl,
  cookieNotHttponly,
  cookieNotSecure,
  cookieSamesiteWeak,
  webStorage,
  thirdPartyRecipient,
  expiredTokenSent,
  jweRsa15,
  jwePbes2Count,
  jweZip,
  base64Noncanonical,
  notUtf8,
];

/** The catalogue's metadata: what each rule means, how severe it is at most, and where it comes from. */
export const RULES: readonly {
  id: RuleId;
  severity: Severity;
  title: string;
  explanation: string;
  reference: string;
}[] = RULE_MODULES.map(({ id, severity, title, explanation, reference }) => ({
  id,
  severity,
  title,
  explanation,
  reference,
}));

/** Metadata of one rule by id. */
export function ruleInfo(id: RuleId): (typeof RULES)[number] | undefined {
  return RULES.find((r) => r.id === id);
}

export type { Rule } from './context.ts';
