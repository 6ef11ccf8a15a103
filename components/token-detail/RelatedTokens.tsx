import type { AuthorizeRequest } from '../../lib/oauth/authorize-request.ts';
import type { RelationKind } from '../../lib/oauth/relations.ts';
import type { RelatedToken } from '../state/panel-store.ts';
import { VisibleText } from '../common/VisibleText.tsx';

const RELATION_TEXT: Readonly<Record<RelationKind, string>> = {
  replaces: 'Replaces',
  'replaced-by': 'Replaced by',
  'dpop-proof-for': 'DPoP proof for',
  'proved-by': 'Proved by',
  'bound-id-token': 'Bound to ID token',
  'bound-access-token': 'Bound to access token',
  'authorize-request': 'Authorize request',
  'authorization-response': 'Authorization response',
  'issued-with': 'Issued with',
};

/** "client_id · host" of an authorize request, as its link reads. */
function requestLabel(r: AuthorizeRequest): string {
  let host = r.origin;
  try {
    host = new URL(r.origin).host;
  } catch {
    // Not a URL origin: shown as it is.
  }
  return `${r.clientId} · ${host}`;
}

/**
 * The detail's links to related tokens (refresh chain, DPoP proof ↔ access token, ID ↔ access, nonce);
 * each selects the token. Authorize requests have no token: they are listed the same way, as text.
 */
export function RelatedTokens({
  related,
  authorizeRequests = [],
  onSelect,
}: {
  related: readonly RelatedToken[];
  authorizeRequests?: readonly AuthorizeRequest[];
  onSelect(token: string): void;
}) {
  return (
    <ul class="related-tokens" aria-label="Related tokens">
      {authorizeRequests.map((r) => (
        <li key={`authorize\u0000${r.url}`}>
          <span class="related-relation">{RELATION_TEXT['authorize-request']}</span>{' '}
          <span
            class="related-request"
            data-testid="related-token"
            data-relation="authorize-request"
            data-kind="authorize-request"
            title={r.url}
          >
            <VisibleText text={requestLabel(r)} />
          </span>{' '}
          <span class="muted related-reason">
            <VisibleText
              text={`same nonce as this authorize request; its client_id is in aud${r.responseType ? ` (response_type ${r.responseType})` : ''}`}
            />
          </span>
        </li>
      ))}
      {related.map((r) => (
        <li key={`${r.relation}\u0000${r.token}`}>
          <span class="related-relation">{RELATION_TEXT[r.relation]}</span>{' '}
          <button
            type="button"
            class="link-button"
            data-testid="related-token"
            data-relation={r.relation}
            data-kind={r.kind}
            title={r.reason}
            onClick={() => onSelect(r.token)}
          >
            <VisibleText text={r.label} />
          </button>{' '}
          <span class="muted related-reason">{r.reason}</span>
        </li>
      ))}
    </ul>
  );
}
