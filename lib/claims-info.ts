/** What a registered or common JWT / OIDC / OAuth claim or header parameter means, with its source. */
export interface ClaimInfo {
  /** Short name, e.g. "Issuer". */
  title: string;
  /** One-sentence meaning. */
  description: string;
  /** Specification that defines it. */
  spec: string;
}

const CLAIMS: Record<string, ClaimInfo> = {
  iss: {
    title: 'Issuer',
    description: 'Who issued the token; verifiers must check it against the expected issuer.',
    spec: 'RFC 7519 §4.1.1',
  },
  sub: {
    title: 'Subject',
    description: 'Whom the token is about: a user or client id, unique within the issuer.',
    spec: 'RFC 7519 §4.1.2',
  },
  aud: {
    title: 'Audience',
    description: 'The recipients the token is meant for; a server must reject tokens not addressed to it.',
    spec: 'RFC 7519 §4.1.3',
  },
  exp: {
    title: 'Expiration time',
    description: 'Seconds since 1970 after which the token must be rejected.',
    spec: 'RFC 7519 §4.1.4',
  },
  nbf: {
    title: 'Not before',
    description: 'Seconds since 1970 before which the token must be rejected.',
    spec: 'RFC 7519 §4.1.5',
  },
  iat: { title: 'Issued at', description: 'Seconds since 1970 when the token was issued.', spec: 'RFC 7519 §4.1.6' },
  jti: {
    title: 'JWT ID',
    description: 'A unique id of this token, used to detect replay or revoke it.',
    spec: 'RFC 7519 §4.1.7',
  },
  azp: {
    title: 'Authorized party',
    description: 'The client the ID token was issued to; required when aud has several values.',
    spec: 'OpenID Connect Core §2',
  },
  scope: {
    title: 'Scope',
    description: 'Space-separated OAuth scopes granted to the client.',
    spec: 'RFC 8693 §4.2; RFC 9068 §2.2.3',
  },
  scp: {
    title: 'Scopes',
    description: 'Granted scopes (Microsoft and Okta spelling of "scope").',
    spec: 'Vendor (Microsoft Entra ID, Okta)',
  },
  roles: { title: 'Roles', description: 'Roles granted to the subject.', spec: 'RFC 9068 §2.2.3.1; RFC 7643' },
  groups: { title: 'Groups', description: 'Groups the subject belongs to.', spec: 'RFC 9068 §2.2.3.1; RFC 7643' },
  entitlements: {
    title: 'Entitlements',
    description: 'Entitlements granted to the subject.',
    spec: 'RFC 9068 §2.2.3.1',
  },
  nonce: {
    title: 'Nonce',
    description: 'Value from the authentication request, echoed to bind the ID token to it and stop replay.',
    spec: 'OpenID Connect Core §2',
  },
  at_hash: {
    title: 'Access token hash',
    description: 'Left half of the hash of the access token issued with this ID token.',
    spec: 'OpenID Connect Core §3.1.3.6',
  },
  c_hash: {
    title: 'Code hash',
    description: 'Left half of the hash of the authorization code issued with this ID token.',
    spec: 'OpenID Connect Core §3.3.2.11',
  },
  auth_time: {
    title: 'Authentication time',
    description: 'Seconds since 1970 when the user last authenticated.',
    spec: 'OpenID Connect Core §2',
  },
  amr: {
    title: 'Authentication methods',
    description: 'How the user authenticated (e.g. "pwd", "mfa", "otp").',
    spec: 'RFC 8176',
  },
  acr: {
    title: 'Authentication context class',
    description: 'The assurance level the authentication satisfied.',
    spec: 'OpenID Connect Core §2',
  },
  sid: {
    title: 'Session ID',
    description: 'Identifies the session at the issuer, for logout.',
    spec: 'OpenID Connect Front-Channel Logout §3; Back-Channel Logout §2.4',
  },
  tid: {
    title: 'Tenant ID',
    description: 'The directory tenant the subject signed in to.',
    spec: 'Vendor (Microsoft Entra ID)',
  },
  cnf: {
    title: 'Confirmation',
    description:
      'The key the presenter must prove possession of (sender-constrained token): jkt is the RFC 7638 thumbprint of a DPoP key, x5t#S256 a client certificate hash.',
    spec: 'RFC 7800 §3.1; RFC 8705 §3.1; RFC 9449 §6',
  },
  client_id: {
    title: 'Client ID',
    description: 'The OAuth client the token was issued to.',
    spec: 'RFC 8693 §4.3; RFC 9068 §2.2',
  },
  email: { title: 'Email', description: "The subject's email address.", spec: 'OpenID Connect Core §5.1' },
  email_verified: {
    title: 'Email verified',
    description: 'Whether the issuer verified the email address.',
    spec: 'OpenID Connect Core §5.1',
  },
  name: { title: 'Name', description: "The subject's full name.", spec: 'OpenID Connect Core §5.1' },
  preferred_username: {
    title: 'Preferred username',
    description: 'The name the subject wants to be known by; not unique, do not use it as an id.',
    spec: 'OpenID Connect Core §5.1',
  },
  act: {
    title: 'Actor',
    description:
      'The party acting on behalf of the subject (token exchange); nested act claims show a delegation chain.',
    spec: 'RFC 8693 §4.1',
  },
  given_name: {
    title: 'Given name',
    description: "The subject's given (first) name.",
    spec: 'OpenID Connect Core §5.1',
  },
  family_name: {
    title: 'Family name',
    description: "The subject's family (last) name.",
    spec: 'OpenID Connect Core §5.1',
  },
  middle_name: { title: 'Middle name', description: "The subject's middle name(s).", spec: 'OpenID Connect Core §5.1' },
  nickname: { title: 'Nickname', description: 'A casual name of the subject.', spec: 'OpenID Connect Core §5.1' },
  profile: {
    title: 'Profile page',
    description: "URL of the subject's profile page.",
    spec: 'OpenID Connect Core §5.1',
  },
  picture: { title: 'Picture', description: "URL of the subject's profile picture.", spec: 'OpenID Connect Core §5.1' },
  website: {
    title: 'Website',
    description: "URL of the subject's web page or blog.",
    spec: 'OpenID Connect Core §5.1',
  },
  gender: { title: 'Gender', description: "The subject's gender.", spec: 'OpenID Connect Core §5.1' },
  birthdate: {
    title: 'Birthdate',
    description: "The subject's birthday (YYYY-MM-DD, or YYYY alone, or 0000-MM-DD).",
    spec: 'OpenID Connect Core §5.1',
  },
  zoneinfo: {
    title: 'Time zone',
    description: "The subject's time zone (IANA name, e.g. Europe/Paris).",
    spec: 'OpenID Connect Core §5.1',
  },
  locale: {
    title: 'Locale',
    description: "The subject's locale (BCP 47 language tag, e.g. en-US).",
    spec: 'OpenID Connect Core §5.1',
  },
  phone_number: {
    title: 'Phone number',
    description: "The subject's preferred phone number (E.164 recommended).",
    spec: 'OpenID Connect Core §5.1',
  },
  phone_number_verified: {
    title: 'Phone number verified',
    description: 'Whether the issuer verified the phone number.',
    spec: 'OpenID Connect Core §5.1',
  },
  address: {
    title: 'Address',
    description: "The subject's postal address (a JSON object: formatted, street_address, locality, …).",
    spec: 'OpenID Connect Core §5.1.1',
  },
  updated_at: {
    title: 'Updated at',
    description: "Seconds since 1970 when the subject's profile was last updated.",
    spec: 'OpenID Connect Core §5.1',
  },
  s_hash: {
    title: 'State hash',
    description: 'Left half of the hash of the state value of the authorization request.',
    spec: 'FAPI 1.0 Advanced §5.1',
  },
  htm: {
    title: 'HTTP method',
    description: 'The method of the request this DPoP proof is for; the server rejects another method.',
    spec: 'RFC 9449 §4.2',
  },
  htu: {
    title: 'HTTP URI',
    description: 'The URL (without query and fragment) of the request this DPoP proof is for.',
    spec: 'RFC 9449 §4.2',
  },
  ath: {
    title: 'Access token hash',
    description: 'base64url SHA-256 of the access token sent with this DPoP proof, binding the proof to it.',
    spec: 'RFC 9449 §4.2',
  },
  events: {
    title: 'Events',
    description:
      'Security events this token reports; a back-channel logout token holds http://schemas.openid.net/event/backchannel-logout.',
    spec: 'OpenID Connect Back-Channel Logout §2.4; RFC 8417',
  },
  may_act: { title: 'May act', description: 'Parties allowed to act on behalf of the subject.', spec: 'RFC 8693 §4.4' },
};

const HEADER: Record<string, ClaimInfo> = {
  alg: {
    title: 'Algorithm',
    description: 'How the token is signed or its key encrypted; verifiers must pin the algorithms they accept.',
    spec: 'RFC 7515 §4.1.1',
  },
  typ: {
    title: 'Type',
    description: 'Media type of the whole token, e.g. "JWT" or "at+jwt".',
    spec: 'RFC 7515 §4.1.9',
  },
  cty: {
    title: 'Content type',
    description: 'Media type of the payload; "JWT" means a nested token.',
    spec: 'RFC 7515 §4.1.10',
  },
  kid: {
    title: 'Key ID',
    description: 'Hint naming the key that signed the token; never use it in paths or queries unescaped.',
    spec: 'RFC 7515 §4.1.4',
  },
  jku: {
    title: 'JWK Set URL',
    description: 'URL of keys chosen by the token itself: never fetch or trust it without an allow-list.',
    spec: 'RFC 7515 §4.1.2',
  },
  jwk: {
    title: 'JSON Web Key',
    description: 'A key embedded by the token itself: never verify with it.',
    spec: 'RFC 7515 §4.1.3',
  },
  x5u: {
    title: 'X.509 URL',
    description: 'URL of a certificate chosen by the token itself: never fetch or trust it without an allow-list.',
    spec: 'RFC 7515 §4.1.5',
  },
  x5c: {
    title: 'X.509 chain',
    description: 'Certificates embedded by the token itself: trust them only after validating the chain.',
    spec: 'RFC 7515 §4.1.6',
  },
  x5t: {
    title: 'X.509 SHA-1 thumbprint',
    description: 'Thumbprint of the signing certificate.',
    spec: 'RFC 7515 §4.1.7',
  },
  'x5t#S256': {
    title: 'X.509 SHA-256 thumbprint',
    description: 'Thumbprint of the signing certificate.',
    spec: 'RFC 7515 §4.1.8',
  },
  crit: {
    title: 'Critical',
    description: 'Extensions the recipient must understand, or reject the token.',
    spec: 'RFC 7515 §4.1.11',
  },
  enc: {
    title: 'Content encryption',
    description: 'Algorithm that encrypts the JWE payload.',
    spec: 'RFC 7516 §4.1.2',
  },
  zip: {
    title: 'Compression',
    description: 'The JWE payload is compressed before encryption.',
    spec: 'RFC 7516 §4.1.3',
  },
  b64: {
    title: 'Base64url-encode payload',
    description: 'false means the payload is not encoded (unencoded payload option).',
    spec: 'RFC 7797 §3',
  },
  epk: {
    title: 'Ephemeral public key',
    description: 'The sender’s ephemeral key for ECDH-ES.',
    spec: 'RFC 7518 §4.6.1.1',
  },
  p2c: {
    title: 'PBES2 count',
    description: 'PBES2 iteration count; huge values are a denial-of-service vector.',
    spec: 'RFC 7518 §4.8.1.2',
  },
  p2s: { title: 'PBES2 salt', description: 'PBES2 salt input.', spec: 'RFC 7518 §4.8.1.1' },
};

/** Meaning of a payload claim, when it is registered or common (OIDC, OAuth, vendors). */
export function claimInfo(name: string): ClaimInfo | undefined {
  return Object.prototype.hasOwnProperty.call(CLAIMS, name) ? CLAIMS[name] : undefined;
}

/** Meaning of a JOSE header parameter, when it is registered. */
export function headerParamInfo(name: string): ClaimInfo | undefined {
  return Object.prototype.hasOwnProperty.call(HEADER, name) ? HEADER[name] : undefined;
}

/** Tooltip text of a claim or header parameter: "Issuer — who issued… (RFC 7519 §4.1.1)". */
export function claimTooltip(name: string, where: 'header' | 'payload'): string | undefined {
  const info = where === 'header' ? headerParamInfo(name) : claimInfo(name);
  return info ? `${info.title} — ${info.description} (${info.spec})` : undefined;
}
