import { useEffect, useMemo, useState } from 'preact/hooks';
import { claimTooltip } from '../../lib/claims-info.ts';
import { JsonLayoutBuilder, type PrettyLine } from '../../lib/json-pretty.ts';
import { visibleSegments } from '../../lib/text/visible-text.ts';
import { formatCount } from './format-count.ts';
import { LONG_TEXT_SHOWN, LongText } from './LongText.tsx';
import { VisibleText } from './VisibleText.tsx';
import './json-view.css';

/** Lines drawn at first, and added by each "show more": big JSON is never drawn whole at once. */
export const JSON_PAGE_LINES = 500;

// Lexemes laid out before the first draw (beyond the first page's lines) and then per idle step:
// a text up to this size (the 50,000-deep token included) is laid out before its first draw, a
// bigger one shows its first page at once and is laid out on in steps of a few milliseconds.
const FIRST_STEP_TOKENS = 250_000;
const STEP_TOKENS = 1_000;
/** Milliseconds of layout per idle turn. */
const STEP_MS = 6;

function keyName(text: string): string | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A lexeme's text: most are short and plain, drawn as a bare text node (a page of 500 lines holds
 * thousands of them); long ones, or ones with invisible characters, through LongText/VisibleText.
 */
function lexemeText(text: string) {
  if (text.length <= LONG_TEXT_SHOWN) {
    const segments = visibleSegments(text, 1);
    if (segments.length === 1 && segments[0]!.kind === 'text') return text;
  }
  return <LongText text={text} />;
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
  // Laid out as far as the first page needs now; the rest in later steps (see FIRST_STEP_TOKENS).
  const builder = useMemo(() => {
    const b = new JsonLayoutBuilder(text);
    b.step(JSON_PAGE_LINES + 1, FIRST_STEP_TOKENS);
    return b;
  }, [text]);
  const [limit, setLimit] = useState(JSON_PAGE_LINES);
  const [, setProgress] = useState(0);
  useEffect(() => {
    if (builder.done) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const go = () => {
      // A few milliseconds per turn, however slow the machine: small steps until the time is up.
      const started = Date.now();
      let finished = builder.step(Infinity, STEP_TOKENS);
      while (!finished && Date.now() - started < STEP_MS) finished = builder.step(Infinity, STEP_TOKENS);
      // Drawn again only when done: the page on screen does not change while the rest is laid out.
      if (finished) setProgress((n) => n + 1);
      else timer = setTimeout(go, 0);
    };
    timer = setTimeout(go, 0);
    return () => clearTimeout(timer);
  }, [builder]);
  // "Show more" before the layout is done: lay out what that page needs now (a bounded step).
  if (!builder.done) builder.step(limit + 1);
  const layout = builder.layout();
  const lines = layout?.lines;
  const done = builder.done;
  const ends = useMemo(() => (lines ? blockEnds(lines) : new Map<number, number>()), [lines, done, lines?.length]);
  const [folded, setFolded] = useState<ReadonlySet<number>>(new Set());
  if (!lines) {
    return (
      <pre class="json" data-testid={testId} aria-label={label}>
        <VisibleText text={text.length > 100_000 ? `${text.slice(0, 100_000)}…` : text} />
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
  let drawn = 0;
  let i = 0;
  for (; i < lines.length && drawn < limit; i++, drawn++) {
    const at = i;
    const line = lines[at]!;
    if (line.elided !== undefined) {
      out.push(
        <div key={i} class="json-line json-elided" style={{ paddingLeft: `${line.depth * 2 + 2}ch` }}>
          {`… ${formatCount(line.elided)} lines nested deeper than ${line.depth - 1} levels not shown`}
        </div>,
      );
      continue;
    }
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
              {lexemeText(t.text)}
            </span>
          );
        })}
        {isFolded && (
          <span class="json-ellipsis" aria-label={`${end - i - 1} lines folded`}>
            {' … '}
            <VisibleText text={lines[end]!.tokens.map((t) => t.text).join('')} />
          </span>
        )}
      </div>,
    );
    if (isFolded) i = end;
  }
  const rest = lines.length - i;
  return (
    <>
      {layout.note && (
        <p class="json-note" role="note" data-testid="json-limit">
          {layout.note}.
        </p>
      )}
      <pre class="json" data-testid={testId} aria-label={label}>
        {out}
      </pre>
      {(rest > 0 || !done) && (
        <button
          type="button"
          class="tool-button bordered"
          data-testid="json-more"
          data-complete={done}
          onClick={() => setLimit((n) => n + JSON_PAGE_LINES * 4)}
        >
          {done
            ? `Show more (${formatCount(rest)} of ${formatCount(lines.length)} lines not drawn)`
            : `Show more (laying out the rest: ${formatCount(lines.length)} lines so far)`}
        </button>
      )}
    </>
  );
}
