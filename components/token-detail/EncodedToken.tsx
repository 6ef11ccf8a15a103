import { Fragment } from 'preact';
import type { DecodedToken } from '../../lib/decode-token.ts';
import { LongText } from '../common/LongText.tsx';

/**
 * Characters of each segment drawn before its "show all": the block shows 12 lines, and the first
 * 20,000 characters of a megabyte payload segment were most of the detail's first layout.
 */
export const ENCODED_SHOWN = 4_096;

// tabIndex: the block scrolls once the token is taller than it (narrow docks), and keyboard users must reach it.
/** The token as sent, its segments coloured like jwt.io (header, payload, signature / JWE parts). */
export function EncodedToken({ decoded }: { decoded: DecodedToken }) {
  if (decoded.segments.length === 0) {
    return (
      <code class="encoded" data-testid="encoded-token" tabIndex={0}>
        <LongText text={decoded.token} shown={ENCODED_SHOWN} />
      </code>
    );
  }
  return (
    <code class="encoded" data-testid="encoded-token" tabIndex={0}>
      {decoded.segments.map((s, i) => (
        <Fragment key={i}>
          {i > 0 && <span class="seg-dot">.</span>}
          <span class={`seg seg-${s.name}${s.error ? ' seg-error' : ''}`} title={s.name.replace('_', ' ')}>
            <LongText text={s.text} shown={ENCODED_SHOWN} />
          </span>
        </Fragment>
      ))}
    </code>
  );
}
