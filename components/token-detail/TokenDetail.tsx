import type { AuthorizeRequest } from '../../lib/oauth/authorize-request.ts';
import type { ComponentChildren } from 'preact';
import type { CapturedToken, RequestRecord, Sighting } from '../../lib/capture/model.ts';
import { ruleInfo } from '../../lib/rules/index.ts';
import { isPasted, tooLargeNote } from '../../lib/capture/sighting-label.ts';
import { looksLikeJson } from '../../lib/jws-json.ts';
import { timeStatus } from '../../lib/time-claims.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { EncodedToken } from './EncodedToken.tsx';
import { FindingsList } from './FindingsList.tsx';
import { CloseIcon } from '../common/icons.tsx';
import type { CrackRunner, FetchText } from '../host.ts';
import { JsonView } from '../common/JsonView.tsx';
import { KeyUrlActions } from './KeyUrlActions.tsx';
import { SightingsTable } from './SightingsTable.tsx';
import { TimeClaims, ValidityBadge } from './TimeClaims.tsx';
import { weakSecretOf, type PanelInspection } from '../state/inspect-token.ts';
import type { TokenView } from '../state/token-view.ts';
import { embeddedKeyParams, VerificationBadge } from './VerificationBadge.tsx';
import { WeakSecretCheck } from '../crack/WeakSecretCheck.tsx';
import './token-detail.css';
import { VisibleText } from '../common/VisibleText.tsx';
import { KindBadge } from '../common/KindBadge.tsx';
import type { TokenClassification } from '../../lib/oauth/kind.ts';
import type { RelatedToken } from '../state/panel-store.ts';
import { BindingChecks } from './BindingChecks.tsx';
import { useAfterPaint } from '../common/use-after-paint.ts';
import { RelatedTokens } from './RelatedTokens.tsx';

const KIND_TEXT = { jws: 'JWS', jwe: 'JWE (encrypted)', unsecured: 'Unsecured JWT (alg none)', malformed: 'Malformed' };

/** Everything about one token: verdict, findings, encoded, decoded, times, key actions and where it was seen. */
export function TokenDetail({
  view,
  captured,
  inspection,
  fresh = true,
  now,
  clockSkew = 0,
  keys,
  fetchText,
  crack,
  cracked,
  onCracked,
  onAddKey,
  onClose,
  onSightingMenu,
  onOpenWorkbench,
  forged,
  links,
  tokenKind,
  related = [],
  authorizeRequests = [],
  onSelectToken,
  requests,
  sightingActions,
  replay,
}: {
  /** The tab's request log by request id (the sightings show a request's challenge). */
  requests?: ReadonlyMap<string, RequestRecord>;
  view: TokenView;
  captured?: CapturedToken;
  /** The engine's inspection, every finding merged (token and travel rules). */
  inspection?: PanelInspection;
  /** False while the inspection for the current key ring is still running. */
  fresh?: boolean;
  now: number;
  /** Seconds of clock-skew tolerance (the panel's setting), as the row state and the findings use it. */
  clockSkew?: number;
  keys: KeyEntry[];
  fetchText?: FetchText;
  crack?: CrackRunner;
  cracked?: string;
  onCracked?(secret: string): void;
  onAddKey?(entry: Omit<KeyEntry, 'id'>): void;
  /** Closes the detail (back to the full list). */
  onClose?(): void;
  /** The user asked for a sighting's context menu at (x, y). */
  onSightingMenu?(sighting: Sighting, x: number, y: number): void;
  /** Opens the token in the workbench (edit, re-sign, forge variants). */
  onOpenWorkbench?(): void;
  /** The token was made in the workbench. */
  forged?: boolean;
  /** Links to the token it was forged from and to those forged from it. */
  links?: ComponentChildren;
  /** Its OAuth / OpenID Connect kind (the badge in the header). */
  tokenKind?: TokenClassification;
  /** Links to related captured tokens. */
  related?: readonly RelatedToken[];
  /** Authorize requests (no token of their own) whose nonce and client this ID token answers. */
  authorizeRequests?: readonly AuthorizeRequest[];
  /** Selects another token (a related-token link). */
  onSelectToken?(token: string): void;
  /** Buttons of one sighting (Replay, Test endpoint). */
  sightingActions?(sighting: Sighting): ComponentChildren;
  /** The replay views (replay, endpoint test, sent log), shown after the sightings. */
  replay?: ComponentChildren;
}) {
  const { decoded } = view;
  const isJwe = decoded.kind === 'jwe';
  const plaintext = isJwe ? inspection?.plaintext : undefined;
  const findings = inspection?.findings ?? [];
  const payloadValue = inspection?.payload ?? decoded.payload;
  const status = timeStatus(payloadValue, now / 1000, clockSkew, plaintext ?? decoded.rawPayload);
  const payloadSeg = decoded.segments[1];
  const alg = typeof decoded.header?.alg === 'string' ? decoded.header.alg : '';
  const isHmac = decoded.kind === 'jws' && /^HS(256|384|512)$/.test(alg) && !looksLikeJson(decoded.token);
  const claims =
    typeof payloadValue === 'object' && payloadValue !== null ? (payloadValue as Record<string, unknown>) : {};
  const worst = inspection ? findings[0] : undefined;
  const secret = weakSecretOf(decoded, findings, cracked);
  const secretEntry = { label: `guessable secret (${alg})`, material: secret ?? '', format: 'text' as const };
  const hasKeyUrls =
    (typeof claims.iss === 'string' && /^https?:\/\//i.test(claims.iss)) ||
    embeddedKeyParams(decoded.header).some((p) => p === 'jku' || p === 'x5u');
  // The summary, findings, encoded token and header first; the payload and everything below it once
  // that is painted (the component is keyed by token: each opened token starts at the top again).
  const rest = useAfterPaint();
  return (
    <section class="token-detail" data-testid="token-detail" aria-label="Token detail" tabIndex={-1}>
      <header class="detail-head sticky-summary" data-testid="detail-summary">
        {onClose && (
          <button
            type="button"
            class="tool-button close-detail"
            data-testid="close-detail"
            aria-label="Close the detail"
            title="Close the detail (back to the full list)"
            onClick={onClose}
          >
            <CloseIcon />
          </button>
        )}
        <h2 class="detail-title">
          <VisibleText text={view.label} />
        </h2>
        {tokenKind && <KindBadge kind={tokenKind} long />}
        <ValidityBadge status={status} />
        <span class="chip">{KIND_TEXT[decoded.kind]}</span>
        {forged ? (
          <span class="chip chip-forged" data-testid="forged-badge">
            forged
          </span>
        ) : (
          view.pasted && <span class="chip">pasted</span>
        )}
        <VerificationBadge
          verification={inspection?.verification}
          keys={keys}
          {...(decoded.header ? { header: decoded.header } : {})}
          pending={!fresh}
          dpop={tokenKind?.kind === 'dpop'}
        />
        {worst && (
          <span
            class={`worst-finding sev-border-${worst.severity}`}
            data-testid="worst-finding"
            data-rule={worst.rule}
            title={worst.message}
          >
            <span class={`sev sev-${worst.severity}`}>{worst.severity}</span>{' '}
            {ruleInfo(worst.rule)?.title ?? worst.rule}
          </span>
        )}
        {onOpenWorkbench && decoded.segments.length > 0 && !isJwe && (
          <button
            type="button"
            class="tool-button bordered"
            data-testid="open-workbench"
            title="Edit, re-sign or forge variants of this token in the workbench"
            onClick={onOpenWorkbench}
          >
            Workbench
          </button>
        )}
      </header>
      {links}

      {captured?.tooLarge && (
        <p class="too-large-note" role="note" data-testid="detail-too-large">
          This token is {tooLargeNote(captured.tooLarge.bytes)}: it is listed from the worker&apos;s memory only and is
          gone after a worker restart.
        </p>
      )}

      {decoded.problems.length > 0 && (
        <div class="decode-error" role="alert" data-testid="decode-error">
          <strong>{decoded.kind === 'malformed' ? 'This token cannot be fully decoded.' : 'Decoding notes.'}</strong>{' '}
          <ul>
            {decoded.problems.map((p) => (
              <li key={p.code + p.message} data-code={p.code}>
                {p.message} <code class="muted">[{p.code}]</code>
              </li>
            ))}
          </ul>
        </div>
      )}

      <div class="section" data-testid="findings">
        <h3>
          Findings <span class="muted">({inspection ? findings.length : '…'})</span>
        </h3>
        {inspection ? (
          <FindingsList
            findings={findings}
            {...(secret !== undefined && onAddKey
              ? {
                  weakSecret: {
                    secret,
                    inRing: keys.some((k) => k.format === 'text' && k.material === secret),
                    onAdd: () => onAddKey(secretEntry),
                  },
                }
              : {})}
          />
        ) : (
          <p class="muted">Inspecting…</p>
        )}
      </div>

      {inspection?.checks && inspection.checks.length > 0 && (
        <div class="section" data-testid="binding-checks">
          <h3>
            Binding checks{' '}
            <span class="muted">
              ({inspection.checks.filter((c) => c.status === 'pass').length} of {inspection.checks.length} passed)
            </span>
          </h3>
          <BindingChecks checks={inspection.checks} />
        </div>
      )}

      {related.length + authorizeRequests.length > 0 && (
        <div class="section" data-testid="related-tokens">
          <h3>
            Related tokens <span class="muted">({related.length + authorizeRequests.length})</span>
          </h3>
          <RelatedTokens related={related} authorizeRequests={authorizeRequests} onSelect={(t) => onSelectToken?.(t)} />
        </div>
      )}

      <div class="section">
        <div class="section-head">
          <h3>Encoded</h3>
          <CopyButton text={decoded.token} label="token" />
        </div>
        <EncodedToken decoded={decoded} />
      </div>

      <div class="section">
        <div class="section-head">
          <h3 class="seg-header-text">{isJwe ? 'Protected header' : 'Header'}</h3>
          {decoded.rawHeader !== undefined && <CopyButton text={decoded.rawHeader} label="header" />}
        </div>
        {decoded.rawHeader !== undefined ? (
          <JsonView text={decoded.rawHeader} testId="header-json" label="Decoded header" tooltips="header" />
        ) : (
          <p class="muted">The header could not be decoded.</p>
        )}
      </div>

      {!rest && <div class="detail-rest-pending" data-testid="detail-rest-pending" aria-busy="true" />}
      {rest && (
        <>
          <div class="section">
            <div class="section-head">
              <h3 class="seg-payload-text">{isJwe ? 'Payload (decrypted)' : 'Payload'}</h3>
              {decoded.rawPayload !== undefined && <CopyButton text={decoded.rawPayload} label="payload" />}
              {isJwe && plaintext !== undefined && <CopyButton text={plaintext} label="payload" />}
            </div>
            {isJwe ? (
              plaintext !== undefined ? (
                <JsonView text={plaintext} testId="payload-json" label="Decrypted payload" tooltips="payload" />
              ) : (
                <p class="muted" data-testid="jwe-encrypted">
                  The payload is encrypted; add the recipient's private key or shared secret to the key ring to decrypt
                  it.
                </p>
              )
            ) : decoded.rawPayload !== undefined ? (
              <JsonView text={decoded.rawPayload} testId="payload-json" label="Decoded payload" tooltips="payload" />
            ) : (
              <p class="muted">
                The payload could not be decoded{payloadSeg?.error ? `: ${payloadSeg.error.message}` : ''}.
              </p>
            )}
          </div>

          <div class="section">
            <h3>Times {clockSkew > 0 && <span class="muted">(judged with a clock skew of {clockSkew} s)</span>}</h3>
            <TimeClaims status={status} now={now / 1000} />
          </div>

          {((fetchText && onAddKey && hasKeyUrls) || (isHmac && crack)) && (
            <div class="section">
              <h3>Keys and secrets</h3>
              {fetchText && onAddKey && (
                <KeyUrlActions
                  {...(decoded.header ? { header: decoded.header } : {})}
                  payload={payloadValue}
                  fetchText={fetchText}
                  onKeys={onAddKey}
                />
              )}
              {isHmac && crack && (
                <WeakSecretCheck
                  token={decoded.token}
                  crack={crack}
                  {...(cracked !== undefined ? { found: cracked } : {})}
                  onFound={(s) => onCracked?.(s)}
                  onAddKey={(s) => onAddKey?.({ label: `cracked secret (${alg})`, material: s, format: 'text' })}
                />
              )}
            </div>
          )}

          {captured && captured.sightings.some((s) => !isPasted(s) || s.location.kind !== 'paste') && (
            <div class="section">
              <h3>
                Sightings <span class="muted">({captured.count})</span>
              </h3>
              <SightingsTable
                captured={captured}
                payload={payloadValue}
                clockSkew={clockSkew}
                {...(requests ? { requests } : {})}
                {...(onSightingMenu ? { onMenu: onSightingMenu } : {})}
                {...(sightingActions ? { actions: sightingActions } : {})}
              />
            </div>
          )}
          {replay}
        </>
      )}
    </section>
  );
}
