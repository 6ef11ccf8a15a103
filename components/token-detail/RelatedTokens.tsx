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

/** The detail's links to related tokens (refresh chain, DPoP proof ↔ access token, ID ↔ access, nonce); each selects the token. */
export function RelatedTokens({
  related,
  onSelect,
}: {
  related: readonly RelatedToken[];
  onSelect(token: string): void;
}) {
  return (
    <ul class="related-tokens" aria-label="Related tokens">
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
