import { Fragment } from 'preact';
import type { DecodedToken } from '../../lib/decode-token.ts';

/** The token as sent, its segments coloured like jwt.io (header, payload, signature / JWE parts). */
export function EncodedToken({ decoded }: { decoded: DecodedToken }) {
  if (decoded.segments.length === 0) {
    return (
      <code class="encoded" data-testid="encoded-token">
        {decoded.token}
      </code>
    );
  }
  return (
    <code class="encoded" data-testid="encoded-token">
      {decoded.segments.map((s, i) => (
        <Fragment key={i}>
          {i > 0 && <span class="seg-dot">.</span>}
          <span class={`seg seg-${s.name}${s.error ? ' seg-error' : ''}`} title={s.name.replace('_', ' ')}>
            {s.text}
          </span>
        </Fragment>
      ))}
    </code>
  );
}
