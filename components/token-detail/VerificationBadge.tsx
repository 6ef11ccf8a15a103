import { CloseIcon, DotIcon, KeyIcon, TickIcon, WarnIcon } from '../common/icons.tsx';
import type { KeyEntry, Verification } from '../../lib/types.ts';

const EMBEDDED = ['jwk', 'jku', 'x5u', 'x5c'] as const;

/** Header parameters by which the token supplies its own key. */
export function embeddedKeyParams(header: Record<string, unknown> | undefined): string[] {
  if (!header) return [];
  return EMBEDDED.filter((p) => Object.prototype.hasOwnProperty.call(header, p));
}

function keyLabel(keys: readonly KeyEntry[], id: string | undefined): string {
  const k = keys.find((e) => e.id === id);
  return k?.label || k?.id || id || 'unknown';
}

/**
 * The verification verdict: verified with which key, invalid, no key, unsupported, not signed, or
 * key confusion (an HMAC keyed with a stored public key).
 */
export function VerificationBadge({
  verification,
  keys,
  header,
  pending,
  dpop = false,
}: {
  verification: Verification | undefined;
  keys: readonly KeyEntry[];
  header?: Record<string, unknown>;
  /** The inspection for the current key ring is still running. */
  pending?: boolean;
  /** A DPoP proof: verified with the key it carries, which is right for a proof (RFC 9449 §4.3). */
  dpop?: boolean;
}) {
  const embedded = embeddedKeyParams(header);
  if (!verification)
    return (
      <span class="verification verification-pending" data-testid="verification" data-status="pending">
        checking…
      </span>
    );
  const { status, reason } = verification;
  // The engine names forgeries itself (key confusion, a carried key, r = s = 0): its words win.
  const text =
    verification.summary ??
    (status === 'verified'
      ? `verified with key «${keyLabel(keys, verification.keyId)}»`
      : status === 'key-confusion'
        ? `HMAC keyed with public key «${keyLabel(keys, verification.keyId)}»`
        : status === 'invalid'
          ? 'invalid signature'
          : status === 'no-key'
            ? 'no matching key'
            : status === 'unsupported'
              ? 'unsupported algorithm'
              : 'not verifiable');
  const icon =
    status === 'verified' ? (
      <TickIcon />
    ) : status === 'invalid' || status === 'key-confusion' ? (
      <CloseIcon />
    ) : status === 'no-key' ? (
      <KeyIcon />
    ) : (
      <DotIcon />
    );
  // Key confusion is a forgery: it wears the invalid signature's colours.
  const tone =
    status === 'key-confusion' ? 'verification-invalid verification-key-confusion' : `verification-${status}`;
  return (
    <span class="verification-wrap">
      <span
        class={`verification ${tone}${pending ? ' stale' : ''}`}
        data-testid="verification"
        data-status={status}
        title={reason ?? text}
        role="status"
      >
        {icon} {text}
      </span>
      {embedded.length > 0 && dpop && (
        <span
          class="verification-embedded dpop"
          data-testid="verification-embedded"
          title="A DPoP proof carries the public key it is signed with (RFC 9449 §4.2): the server checks the proof with it, and binds the access token to its thumbprint."
        >
          its own key (jwk) — correct for a DPoP proof
        </span>
      )}
      {embedded.length > 0 && !dpop && (
        <span
          class="verification-embedded"
          data-testid="verification-embedded"
          title={`The header carries ${embedded.join(', ')}: a key chosen by the token itself is never used to verify it.`}
        >
          <WarnIcon /> key supplied by the token (untrusted): {embedded.join(', ')}
        </span>
      )}
    </span>
  );
}
