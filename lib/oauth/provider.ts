/** An identity provider recognised from the shape of a token's `iss`. */
export interface ProviderInfo {
  id: 'google' | 'entra' | 'auth0' | 'okta' | 'cognito' | 'keycloak' | 'firebase';
  name: string;
  /** Why: the issuer shape that matched. */
  reason: string;
}

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

// Only issuer shapes that belong to one provider alone: a self-hosted issuer on another host says nothing.
const SHAPES: readonly { id: ProviderInfo['id']; name: string; re: RegExp; reason: string }[] = [
  {
    id: 'google',
    name: 'Google',
    re: /^(?:https:\/\/)?accounts\.google\.com\/?$/,
    reason: 'issuer is https://accounts.google.com',
  },
  {
    id: 'firebase',
    name: 'Firebase',
    re: /^https:\/\/securetoken\.google\.com\/[a-z0-9-]{1,64}$/,
    reason: 'issuer is https://securetoken.google.com/<project>',
  },
  {
    id: 'entra',
    name: 'Microsoft Entra ID',
    re: new RegExp(`^https://login\\.microsoftonline\\.com/(?:${GUID}|common|organizations|consumers)/v2\\.0/?$`, 'i'),
    reason: 'issuer is https://login.microsoftonline.com/<tenant>/v2.0',
  },
  {
    id: 'entra',
    name: 'Microsoft Entra ID',
    re: new RegExp(`^https://sts\\.windows\\.net/${GUID}/$`, 'i'),
    reason: 'issuer is https://sts.windows.net/<tenant>/ (v1 tokens)',
  },
  {
    id: 'auth0',
    name: 'Auth0',
    re: /^https:\/\/[a-z0-9][a-z0-9-]{0,62}(?:\.(?:us|eu|au|jp|ca|uk))?\.auth0\.com\/$/,
    reason: 'issuer is https://<tenant>.auth0.com/',
  },
  {
    id: 'okta',
    name: 'Okta',
    re: /^https:\/\/[a-z0-9][a-z0-9-]{0,62}\.(?:okta|oktapreview|okta-emea)\.com(?:\/oauth2\/[A-Za-z0-9]{1,64})?$/,
    reason: 'issuer is https://<org>.okta.com[/oauth2/<server>]',
  },
  {
    id: 'cognito',
    name: 'Amazon Cognito',
    re: /^https:\/\/cognito-idp\.[a-z]{2}(?:-[a-z]+)+-\d\.amazonaws\.com\/[a-z]{2}(?:-[a-z]+)+-\d_[A-Za-z0-9]{1,32}$/,
    reason: 'issuer is https://cognito-idp.<region>.amazonaws.com/<user pool>',
  },
  {
    id: 'keycloak',
    name: 'Keycloak',
    re: /^https?:\/\/[^/?#\s]+(?:\/auth)?\/realms\/[^/?#\s]{1,255}$/,
    reason: 'issuer path is /realms/<realm>',
  },
];

// Which shape each issuer has (-1: none): a capture holds a few issuers, each on many tokens.
const shapeOfIssuer = new Map<string, number>();

/** The provider whose issuer shape `iss` has, when that shape is certain; undefined otherwise. */
export function recogniseProvider(iss: unknown): ProviderInfo | undefined {
  if (typeof iss !== 'string' || iss.length > 2048) return undefined;
  let i = shapeOfIssuer.get(iss);
  if (i === undefined) {
    i = SHAPES.findIndex((s) => s.re.test(iss));
    // Issuers are token text: bound what is remembered.
    if (shapeOfIssuer.size >= 1024) shapeOfIssuer.clear();
    shapeOfIssuer.set(iss, i);
  }
  const s = SHAPES[i];
  return s ? { id: s.id, name: s.name, reason: s.reason } : undefined;
}
