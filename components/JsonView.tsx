import { prettyJsonLines } from '../lib/json-pretty.ts';

/** JSON text pretty-printed and highlighted, every lexeme in its original spelling. */
export function JsonView({ text, testId, label }: { text: string; testId: string; label: string }) {
  const lines = prettyJsonLines(text);
  return (
    <pre class="json" data-testid={testId} aria-label={label}>
      {lines
        ? lines.map((line, i) => (
            <div key={i} class="json-line" style={{ paddingLeft: `${line.depth * 2}ch` }}>
              {line.tokens.map((t, j) =>
                t.type === 'colon' ? (
                  <span key={j} class="json-colon">
                    {': '}
                  </span>
                ) : (
                  <span key={j} class={`json-${t.type}`}>
                    {t.text}
                  </span>
                ),
              )}
            </div>
          ))
        : text}
    </pre>
  );
}
