import { Component } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { claimTooltip } from '../../lib/claims-info.ts';
import { JsonLayoutBuilder, MAX_SHOWN_DEPTH, type JsonLayout } from '../../lib/json-pretty.ts';
import { visibleSegments } from '../../lib/text/visible-text.ts';
import { formatCount } from './format-count.ts';
import { LONG_TEXT_SHOWN, LongText } from './LongText.tsx';
import { VisibleText } from './VisibleText.tsx';
import './json-view.css';

/** Lines of a page: drawn at first (in steps), and added by each "show more" (four pages). */
export const JSON_PAGE_LINES = 500;

/**
 * Lexemes drawn in the task that shows the view (whole lines, at least one); the rest of the page
 * follows in later turns, as many per turn. A page of 500 lines (2,500 elements) drawn and laid
 * out at once was a 100 ms task (issue 9); a step is about 50 lines of members.
 */
export const JSON_STEP_LEXEMES = 200;

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

type Line = JsonLayout['lines'][number];

interface LineProps {
  line: Line;
  at: number;
  /** Index of the line closing the block this line opens. */
  end: number | undefined;
  folded: boolean;
  /** The closing line's text, shown after a folded line. */
  closing: string | undefined;
  tooltips: 'header' | 'payload' | undefined;
  onToggle(at: number): void;
}

/**
 * One line; drawn again only when its own props change, so adding a step of lines (or finishing
 * the layout) does not rebuild the lines already on screen.
 */
class JsonLine extends Component<LineProps> {
  override shouldComponentUpdate(next: LineProps): boolean {
    const p = this.props;
    return (
      next.line !== p.line ||
      next.end !== p.end ||
      next.folded !== p.folded ||
      next.closing !== p.closing ||
      next.tooltips !== p.tooltips
    );
  }

  override render() {
    const { line, at, end, folded, closing, tooltips, onToggle } = this.props;
    if (line.elided !== undefined)
      return (
        <div class="json-line json-elided" style={{ paddingLeft: `${line.depth * 2 + 2}ch` }}>
          {`… ${formatCount(line.elided)} lines nested deeper than ${line.depth - 1} levels not shown`}
        </div>
      );
    return (
      <div class="json-line" style={{ paddingLeft: `${line.depth * 2 + 2}ch` }}>
        {end !== undefined && (
          <button
            type="button"
            class="json-fold"
            aria-expanded={!folded}
            aria-label={folded ? 'Expand' : 'Collapse'}
            onClick={() => onToggle(at)}
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
        {folded && end !== undefined && closing !== undefined && (
          <span class="json-ellipsis" aria-label={`${end - at - 1} lines folded`}>
            {' … '}
            <VisibleText text={closing} />
          </span>
        )}
      </div>
    );
  }
}

/**
 * JSON text pretty-printed and highlighted, every lexeme in its original spelling; objects and
 * arrays fold; top-level members of a JWT header or payload explain themselves on hover. A page
 * is drawn {@link JSON_STEP_LEXEMES} lexemes per turn and a big text laid out in idle steps, so no
 * single task draws or lays out more than a bounded piece.
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
  // Two passes over the text: `builder` keeps the lines a page draws, laid out only as far as the
  // pages shown need; `counter` goes on to the end in idle steps (lines, depth, block ends) and
  // keeps none, so a 100,000-member payload does not hold a million lexemes. Both go as far as the
  // first page needs before it is drawn (see FIRST_STEP_TOKENS).
  const [builder, counter] = useMemo(() => {
    const b = new JsonLayoutBuilder(text);
    b.step(JSON_PAGE_LINES + 1, FIRST_STEP_TOKENS);
    // A text laid out whole already (small, or 50,000 deep in a few lines) needs no count.
    if (b.done) return [b, b];
    const c = new JsonLayoutBuilder(text, MAX_SHOWN_DEPTH, false);
    c.step(JSON_PAGE_LINES + 1, FIRST_STEP_TOKENS);
    return [b, c];
  }, [text]);
  // Lines the page holds (grown by "show more"), and the lexemes that may be drawn so far.
  const [limit, setLimit] = useState(JSON_PAGE_LINES);
  const [budget, setBudget] = useState(JSON_STEP_LEXEMES);
  const [, setProgress] = useState(0);
  const [folded, setFolded] = useState<ReadonlySet<number>>(new Set());
  const toggle = useMemo(
    () => (i: number) =>
      setFolded((f) => {
        const next = new Set(f);
        if (next.has(i)) next.delete(i);
        else next.add(i);
        return next;
      }),
    [],
  );
  useEffect(() => {
    if (counter.done) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const go = () => {
      // A few milliseconds per turn, however slow the machine: small steps until the time is up.
      const started = Date.now();
      let finished = counter.step(Infinity, STEP_TOKENS);
      while (!finished && Date.now() - started < STEP_MS) finished = counter.step(Infinity, STEP_TOKENS);
      // Drawn again only when done: the page on screen does not change while the rest is counted.
      if (finished) setProgress((n) => n + 1);
      else timer = setTimeout(go, 0);
    };
    timer = setTimeout(go, 0);
    return () => clearTimeout(timer);
  }, [counter]);
  // The lines the page needs ("show more" included): a bounded step.
  if (!builder.done) builder.step(limit + 1);
  const kept = builder.layout();
  const counted = counter.layout();
  // Not JSON as far as either pass has read: the text is shown as it is.
  const layout = counted ? kept : null;
  const lines = layout?.lines;
  const done = counter.done;
  // The deeper pass knows more of the text (the counter, unless "show more" went past it).
  const whole = counted && kept && counted.shown >= kept.shown ? counted : kept;
  const note = whole?.note;
  const total = whole?.shown ?? 0;
  const out = [];
  let count = 0;
  let drawn = 0;
  let lexemes = 0;
  let i = 0;
  // Walks the whole page (cheap) but draws only as many lines as the budget allows: the button
  // counts what the page leaves out, however far its drawing has got.
  if (lines && counted) {
    for (;;) {
      for (; i < lines.length && count < limit; i++, count++) {
        const at = i;
        const line = lines[at]!;
        const end = counted.ends.get(at) ?? layout.ends.get(at);
        const isFolded = end !== undefined && folded.has(at);
        if (drawn === count && (drawn === 0 || lexemes < budget)) {
          drawn++;
          lexemes += Math.max(1, line.tokens.length);
          out.push(
            <JsonLine
              key={at}
              line={line}
              at={at}
              end={end}
              folded={isFolded}
              closing={isFolded ? (builder.closingText(end) ?? counter.closingText(end)) : undefined}
              tooltips={tooltips}
              onToggle={toggle}
            />,
          );
        }
        if (isFolded) i = end;
      }
      // A folded block ended past the lines kept: lay out the lines after it that the page needs.
      if (count >= limit || builder.done || i < lines.length) break;
      builder.step(i + (limit - count) + 1);
    }
  }
  // The rest of the page, a step per turn (a new page of "show more" too).
  const more = count > drawn;
  useEffect(() => {
    if (!more) return;
    const timer = setTimeout(() => setBudget(lexemes + JSON_STEP_LEXEMES), 0);
    return () => clearTimeout(timer);
  }, [more, lexemes]);
  if (!lines) {
    return (
      <pre class="json" data-testid={testId} aria-label={label}>
        <VisibleText text={text.length > 100_000 ? `${text.slice(0, 100_000)}…` : text} />
      </pre>
    );
  }
  const rest = total - i;
  return (
    <>
      {note && (
        <p class="json-note" role="note" data-testid="json-limit">
          {note}.
        </p>
      )}
      <pre class="json" data-testid={testId} aria-label={label} data-drawing={more || undefined}>
        {out}
      </pre>
      {(rest > 0 || !done) && (
        <button
          type="button"
          class="tool-button bordered"
          data-testid="json-more"
          data-complete={done}
          onClick={() => {
            setLimit(limit + JSON_PAGE_LINES * 4);
            setBudget(lexemes + JSON_STEP_LEXEMES);
          }}
        >
          {done
            ? `Show more (${formatCount(rest)} of ${formatCount(total)} lines not drawn)`
            : `Show more (laying out the rest: ${formatCount(total)} lines so far)`}
        </button>
      )}
    </>
  );
}
