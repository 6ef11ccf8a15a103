import { useState } from 'preact/hooks';
import { WarnIcon } from '../common/icons.tsx';
import type { KeyEntry } from '../../lib/types.ts';
import { VisibleText } from '../common/VisibleText.tsx';
import { authorityOf } from '../../lib/util/url.ts';
import type { FetchText } from '../host.ts';
import { discoverJwks, discoveryUrl, fetchTokenKeyUrl, type FetchedKeys } from '../state/jwks-fetch.ts';

const hostOf = (url: string): string => authorityOf(url) ?? url;

/**
 * Buttons that fetch keys for a token, only when clicked: the issuer's JWKS by OIDC discovery,
 * and — behind an explicit warning — the URL the token itself names in jku / x5u.
 */
export function KeyUrlActions({
  header,
  payload,
  fetchText,
  onKeys,
}: {
  header?: Record<string, unknown>;
  payload: unknown;
  fetchText: FetchText;
  onKeys(entry: Omit<KeyEntry, 'id'>): void;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | undefined>();
  const [ack, setAck] = useState(false);
  const claims =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  const iss = typeof claims.iss === 'string' && /^https?:\/\//i.test(claims.iss) ? claims.iss : undefined;
  const tokenUrls = (['jku', 'x5u'] as const).flatMap((p) => {
    const v = header?.[p];
    return typeof v === 'string' && Object.prototype.hasOwnProperty.call(header, p) ? [{ param: p, url: v }] : [];
  });
  if (!iss && tokenUrls.length === 0) return null;

  const run = async (what: () => Promise<FetchedKeys>, label: (k: FetchedKeys) => string, issuer?: string) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const got = await what();
      const entry: Omit<KeyEntry, 'id'> = { label: label(got), material: got.material, format: got.format };
      if (issuer) entry.issuer = issuer;
      onKeys(entry);
      setMessage({ text: `Added «${entry.label}» from ${got.url}; the token is verified again.` });
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), error: true });
    } finally {
      setBusy(false);
    }
  };

  let discovery: string | undefined;
  let refused: string | undefined;
  try {
    discovery = iss ? discoveryUrl(iss) : undefined;
  } catch (e) {
    discovery = undefined;
    // A URL the parser would change (invisible characters) is refused out loud, never offered cleaned.
    refused = e instanceof Error ? e.message : String(e);
  }

  return (
    <div class="key-actions" data-testid="key-actions">
      {refused && (
        <p class="form-error" role="status" data-testid="issuer-url-refused">
          {refused}
        </p>
      )}
      {iss && discovery && (
        <div class="form-row">
          <button
            type="button"
            class="tool-button bordered"
            data-testid="fetch-issuer-jwks"
            disabled={busy}
            title={`GET ${discovery}, then its jwks_uri`}
            onClick={() =>
              void run(
                () => discoverJwks(fetchText, iss),
                () => `JWKS ${hostOf(iss)}`,
                iss,
              )
            }
          >
            Fetch the issuer's keys
          </button>
          <span class="muted">
            OpenID discovery at <VisibleText text={discovery} />
          </span>
        </div>
      )}
      {tokenUrls.map(({ param, url }) => (
        <div key={param} class="warning-box" data-testid="key-url-warning">
          <p>
            <WarnIcon /> The token itself chose <code>{param}</code> ={' '}
            <code>
              <VisibleText text={url} />
            </code>
            . Anyone who forges a token can point it at their own keys, so a key from there proves nothing about who
            signed it.
          </p>
          <div class="form-row">
            <label class="tool-check">
              <input
                type="checkbox"
                data-testid="key-url-ack"
                checked={ack}
                onChange={(e) => setAck((e.currentTarget as HTMLInputElement).checked)}
              />
              I understand; fetch it anyway
            </label>
            <button
              type="button"
              class="tool-button bordered"
              data-testid={`fetch-${param}`}
              disabled={!ack || busy}
              onClick={() =>
                void run(
                  () => fetchTokenKeyUrl(fetchText, param, url),
                  () => `untrusted ${param} ${hostOf(url)}`,
                )
              }
            >
              Fetch {param} key
            </button>
          </div>
        </div>
      ))}
      {message && (
        <p class={message.error ? 'form-error' : 'form-ok'} role="status" data-testid="key-actions-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
