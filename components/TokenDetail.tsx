import { timeStatus } from '../lib/time-claims.ts';
import { CopyButton } from './CopyButton.tsx';
import { EncodedToken } from './EncodedToken.tsx';
import { JsonView } from './JsonView.tsx';
import { TimeClaims, ValidityBadge } from './TimeClaims.tsx';
import type { TokenView } from './token-view.ts';

const KIND_TEXT = { jws: 'JWS', jwe: 'JWE (encrypted)', unsecured: 'Unsecured JWT (alg none)', malformed: 'Malformed' };

function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

/** Everything about one token: encoded, decoded, times, problems and where it was seen. */
export function TokenDetail({ view, now }: { view: TokenView; now: number }) {
  const { decoded, captured } = view;
  const status = timeStatus(decoded.payload, now / 1000);
  const payloadSeg = decoded.segments[1];
  return (
    <section class="token-detail" data-testid="token-detail" aria-label="Token detail">
      <header class="detail-head">
        <h2 class="detail-title">{view.label}</h2>
        <ValidityBadge status={status} />
        <span class="chip">{KIND_TEXT[decoded.kind]}</span>
        {view.pasted && <span class="chip">pasted</span>}
      </header>

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

      <div class="section">
        <div class="section-head">
          <h3>Encoded</h3>
          <CopyButton text={decoded.token} label="token" />
        </div>
        <EncodedToken decoded={decoded} />
      </div>

      <div class="section">
        <div class="section-head">
          <h3 class="seg-header-text">Header</h3>
          {decoded.rawHeader !== undefined && <CopyButton text={decoded.rawHeader} label="header" />}
        </div>
        {decoded.rawHeader !== undefined ? (
          <JsonView text={decoded.rawHeader} testId="header-json" label="Decoded header" />
        ) : (
          <p class="muted">The header could not be decoded.</p>
        )}
      </div>

      <div class="section">
        <div class="section-head">
          <h3 class="seg-payload-text">Payload</h3>
          {decoded.rawPayload !== undefined && <CopyButton text={decoded.rawPayload} label="payload" />}
        </div>
        {decoded.kind === 'jwe' ? (
          <p class="muted">The payload is encrypted; a stored key is needed to decrypt it.</p>
        ) : decoded.rawPayload !== undefined ? (
          <JsonView text={decoded.rawPayload} testId="payload-json" label="Decoded payload" />
        ) : (
          <p class="muted">
            The payload could not be decoded{payloadSeg?.error ? `: ${payloadSeg.error.message}` : ''}.
          </p>
        )}
      </div>

      <div class="section">
        <h3>Times</h3>
        <TimeClaims status={status} now={now / 1000} />
      </div>

      {captured && (
        <div class="section">
          <h3>
            Sightings <span class="muted">({captured.count})</span>
          </h3>
          <table class="sightings" data-testid="sightings">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Source</th>
                <th scope="col">Name</th>
                <th scope="col">Method</th>
                <th scope="col">URL</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {[...captured.sightings].reverse().map((s, i) => (
                <tr key={i}>
                  <td>{formatTime(s.time)}</td>
                  <td>{s.source}</td>
                  <td>
                    <code>{s.name}</code>
                  </td>
                  <td>{s.method ?? ''}</td>
                  <td class="url-cell" title={s.url}>
                    {s.url ?? ''}
                  </td>
                  <td>{s.status === undefined ? 'pending' : s.status === 0 ? 'failed' : s.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
