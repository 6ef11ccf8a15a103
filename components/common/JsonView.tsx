import { useMemo, useState } from 'preact/hooks';
import { claimTooltip } from '../../lib/claims-info.ts';
import { prettyJsonLines, type PrettyLine } from '../../lib/json-pretty.ts';
import './json-view.css';

function keyName(text: string): string | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** For each line that opens an object or array, the index of the line that closes it. */
function blockEnds(lines: PrettyLine[]): Map<number, number> {
  const ends = new Map<number, number>();
  const stack: number[] = [];
  lines.forEach((line, i) => {
    const first = line.tokens[0];
    if (first && (first.text === '}' || first.text === ']')) {
      const open = stack.pop();
      if (open !== undefined) ends.set(open, i);
    }
    const lastTok = line.tokens[line.tokens.length - 1];
    if (lastTok && (lastTok.text === '{' || lastTok.text === '[')) stack.push(i);
  });
  return ends;
}

/**
 * JSON text pretty-printed and highlighted, every lexeme in its original spelling; objects and
 * arrays fold; top-level members of a JWT header or payload explain themselves on hover.
 */
export function JsonView({
  text,
  testId,
  label,
  tooltips,
}: {
  text: string;
  testId: string;
  label: string;
  /** Explain registered claims ('payload') or header parameters ('header'). */
  tooltips?: 'header' | 'payload';
}) {
  const lines = useMemo(() => prettyJsonLines(text), [text]);
  const ends = useMemo(() => (lines ? blockEnds(lines) : new Map<number, number>()), [lines]);
  const [folded, setFolded] = useState<ReadonlySet<number>>(new Set());
  if (!lines) {
    return (
      <pre class="json" data-testid={testId} aria-label={label}>
        {text}
      </pre>
    );
  }
  const toggle = (i: number) =>
    setFolded((f) => {
      const next = new Set(f);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const at = i;
    const line = lines[at]!;
    const end = ends.get(at);
    const isFolded = end !== undefined && folded.has(at);
    out.push(
      <div key={i} class="json-line" style={{ paddingLeft: `${line.depth * 2 + 2}ch` }}>
        {end !== undefined && (
          <button
            type="button"
            class="json-fold"
            aria-expanded={!isFolded}
            aria-label={isFolded ? 'Expand' : 'Collapse'}
            onClick={() => toggle(at)}
          />
        )}
        {line.tokens.map((t, j) => {
          if (t.type === 'colon')
            return (
              <span key={j} class="json-colon">
                {': '}
              </span>
            );
          const tip = t.type === 'key' && tooltips && line.depth === 1 ? keyName(t.text) : undefined;
          const title = tip !== undefined ? claimTooltip(tip, tooltips!) : undefined;
          return (
            <span
              key={j}
              class={`json-${t.type}${title ? ' json-known' : ''}`}
              title={title}
              data-claim={title ? tip : undefined}
            >
              {t.text}
            </span>
          );
        })}
        {isFolded && (
          <span class="json-ellipsis" aria-label={`${end - i - 1} lines folded`}>
            {' … '}
            {lines[end]!.tokens.map((t) => t.text).join('')}
          </span>
        )}
      </div>,
    );
    if (isFolded) i = end;
  }
  return (
    <pre class="json" data-testid={testId} aria-label={label}>
      {out}
    </pre>
  );
}
