import { useMemo } from 'preact/hooks';
import type { HttpHeader } from '../../lib/types.ts';
import { JsonView } from '../common/JsonView.tsx';
import { VisibleText } from '../common/VisibleText.tsx';

function isJson(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** Response headers as name: value lines (text only). */
export function HeaderList({ headers, label }: { headers: readonly HttpHeader[]; label: string }) {
  if (headers.length === 0) return <p class="muted">No headers.</p>;
  return (
    <dl class="replay-headers" aria-label={label}>
      {headers.map((h, i) => (
        <div key={i}>
          <dt>
            <VisibleText text={h.name} />
          </dt>
          <dd>
            <VisibleText text={h.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A response body preview: JSON pretty-printed byte-exact, anything else as text. */
export function BodyPreview({ body, testId }: { body: string; testId: string }) {
  const json = useMemo(() => isJson(body), [body]);
  if (body === '') return <p class="muted">Empty body.</p>;
  if (json) return <JsonView text={body} testId={testId} label="Response body" />;
  return (
    <pre class="replay-body" data-testid={testId}>
      <VisibleText text={body} />
    </pre>
  );
}
