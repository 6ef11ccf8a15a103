import { KIND_LABELS, type TokenClassification, type TokenKind } from '../../lib/oauth/kind.ts';
import { showInvisible } from '../../lib/text/visible-text.ts';
import './kind-badge.css';

const SHORT: Readonly<Record<TokenKind, string>> = {
  id: 'ID',
  access: 'Access',
  refresh: 'Refresh',
  dpop: 'DPoP',
  jarm: 'JARM',
  logout: 'Logout',
  'client-assertion': 'Assertion',
  'request-object': 'Request',
  other: 'Other',
};

/**
 * What kind of OAuth / OpenID Connect token it is (ID, access, DPoP proof…), with the reason as its
 * tooltip and accessible name; `long` spells the kind out (the detail header).
 */
export function KindBadge({ kind, long = false }: { kind: TokenClassification; long?: boolean }) {
  // The reason may quote a typ from the token: markers, never raw invisible characters.
  const reason = showInvisible(kind.reason);
  const provider = kind.provider ? `; ${kind.provider.name} (${kind.provider.reason})` : '';
  return (
    <span
      class={`kind-badge kind-${kind.kind}`}
      data-testid="token-kind"
      data-kind={kind.kind}
      role="img"
      title={`${KIND_LABELS[kind.kind]}: ${reason}${provider}`}
      aria-label={`${KIND_LABELS[kind.kind]}: ${reason}${provider}`}
    >
      {long ? KIND_LABELS[kind.kind] : SHORT[kind.kind]}
      {long && kind.provider ? ` · ${kind.provider.name}` : ''}
    </span>
  );
}
