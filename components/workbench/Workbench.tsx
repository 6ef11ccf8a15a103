import { useEffect, useRef, useState } from 'preact/hooks';
import { decodeCached } from '../state/token-view.ts';
import { SIGNING_ALGS, isSigningAlg, type JsonTextError } from '../../lib/forge/index.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { ruleInfo } from '../../lib/rules/index.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { EDIT_PREVIEW_CHARS, LONG_EDIT_CHARS, LongText, editPreview } from '../common/LongText.tsx';
import { ENCODED_SHOWN } from '../token-detail/EncodedToken.tsx';
import { VisibleText } from '../common/VisibleText.tsx';
import { FindingsList } from '../token-detail/FindingsList.tsx';
import { VerificationBadge } from '../token-detail/VerificationBadge.tsx';
import type { WorkbenchModel, WorkbenchState } from '../state/workbench-state.ts';
import { WorkbenchKey } from './WorkbenchKey.tsx';
import { WorkbenchVariants } from './WorkbenchVariants.tsx';
import './workbench.css';

/** The token as it is now, its three segments coloured like the detail's encoded token. */
function EncodedSegments({ token }: { token: string }) {
  const parts = token.split('.');
  const names = ['header', 'payload', 'signature'];
  return (
    <code class="encoded workbench-encoded" data-testid="workbench-encoded" aria-label="Encoded token">
      {parts.map((p, i) => (
        <span key={i}>
          {i > 0 && <span class="seg-dot">.</span>}
          <span class={`seg seg-${names[i] ?? 'signature'}`}>
            <LongText text={p} shown={ENCODED_SHOWN} />
          </span>
        </span>
      ))}
    </code>
  );
}

/** The `alg` string of the header text as typed, if it parses ('' otherwise). */
function typedAlg(text: string): string {
  try {
    const h: unknown = JSON.parse(text);
    const alg = typeof h === 'object' && h !== null ? (h as Record<string, unknown>).alg : undefined;
    return typeof alg === 'string' ? alg : '';
  } catch {
    return '';
  }
}

function jsonErrorText(e: JsonTextError): string {
  // The engine's message may already say where; say it once.
  const what = e.message.replace(/^(header|payload) JSON, line \d+, column \d+: /i, '');
  return `${e.part === 'header' ? 'Header' : 'Payload'}, line ${e.line}, column ${e.column}: ${what}`;
}

/** One editable JSON part: the decoded text exactly, typed bytes encoded as they are. */
function PartEditor({
  part,
  text,
  error,
  onInput,
  onFormat,
}: {
  part: 'header' | 'payload';
  text: string;
  error?: JsonTextError;
  onInput(text: string): void;
  onFormat(): void;
}) {
  const id = `workbench-${part}`;
  const [editLarge, setEditLarge] = useState(false);
  // Previewed, not put in the textarea, until the user asks to edit it (1.6 s of layout for 1.3 MB).
  const large = text.length > LONG_EDIT_CHARS && !editLarge;
  return (
    <div class="section workbench-part">
      <div class="section-head">
        <label for={id} class={`wb-label seg-${part}-text`}>
          {part === 'header' ? 'Header' : 'Payload'}
        </label>
        <button
          type="button"
          class="tool-button bordered"
          data-testid={`workbench-format-${part}`}
          disabled={error !== undefined}
          title="Pretty-print (changes the bytes that are encoded)"
          onClick={onFormat}
        >
          Format
        </button>
        <CopyButton text={text} label={part} />
      </div>
      {large ? (
        <div class="workbench-large" data-testid={`${id}-large`}>
          <pre
            class="wb-pre workbench-preview"
            id={id}
            tabIndex={0}
            role="region"
            aria-label={`${part === 'header' ? 'Header' : 'Payload'} preview`}
          >
            <VisibleText text={editPreview(text)} />
          </pre>
          <p class="muted" role="status">
            {text.length.toLocaleString('en-US')} characters: only the first{' '}
            {EDIT_PREVIEW_CHARS.toLocaleString('en-US')} are shown, since laying out the whole text for editing stalls
            the panel for seconds. The token, its signature and its variants use the whole text.{' '}
            <button
              type="button"
              class="link-button"
              data-testid={`${id}-edit-large`}
              onClick={() => setEditLarge(true)}
            >
              Edit the whole text
            </button>
          </p>
        </div>
      ) : (
        <textarea
          id={id}
          class={`workbench-text${error ? ' has-error' : ''}`}
          data-testid={id}
          spellcheck={false}
          autocomplete="off"
          rows={part === 'header' ? 4 : 8}
          value={text}
          aria-invalid={error ? 'true' : 'false'}
          {...(error ? { 'aria-describedby': 'workbench-error' } : {})}
          onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
        />
      )}
    </div>
  );
}

/**
 * The workbench: jwt.io's encoder inside the panel. Header and payload as editable text (encoded
 * byte for byte), the algorithm and key, the token live, its inspection, the forged variants, and
 * the ways out (copy, add to the list as a forged entry).
 */
export function Workbench({
  model,
  state: w,
  keys,
  sourceLabel,
  added,
  onAdd,
  onShowAdded,
  onClose,
  onCopy,
}: {
  model: WorkbenchModel;
  state: WorkbenchState;
  keys: KeyEntry[];
  /** The source token's label, for "from «…»". */
  sourceLabel?: string;
  /** The current token is already listed as forged. */
  added: boolean;
  onAdd(): void;
  onShowAdded(): void;
  onClose(): void;
  onCopy(text: string, what: string): void;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLTextAreaElement>('[data-testid="workbench-payload"]')?.focus();
  }, []);
  const headerError = w.jsonErrors.find((e) => e.part === 'header');
  const payloadError = w.jsonErrors.find((e) => e.part === 'payload');
  const inspection = w.inspection;
  const decoded = w.token ? decodeCached(w.token) : undefined;
  const findings = inspection?.findings ?? [];
  const worst = findings[0];
  const headerAlg = typedAlg(w.headerText);
  const hasErrors = w.jsonErrors.length > 0 || w.error !== undefined;
  const canAdd = w.token !== '' && !w.pending && w.error === undefined;
  return (
    <section
      class="workbench token-detail"
      data-testid="workbench"
      aria-label="Token workbench"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          if (canAdd) onAdd();
        } else if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header class="detail-head sticky-summary">
        <button
          type="button"
          class="tool-button bordered"
          data-testid="workbench-back"
          title="Back to the token (Esc)"
          onClick={onClose}
        >
          ← Back
        </button>
        <h2 class="detail-title">Workbench</h2>
        <span class="chip">{w.source ? 'editing' : 'new token'}</span>
        {w.source && sourceLabel !== undefined && (
          <span class="muted wb-from">
            from <VisibleText text={sourceLabel} />
          </span>
        )}
        {w.token && (
          <VerificationBadge
            verification={inspection?.verification}
            keys={keys}
            {...(decoded?.header ? { header: decoded.header } : {})}
            pending={w.inspecting || w.pending}
          />
        )}
        {worst && (
          <span
            class={`worst-finding sev-border-${worst.severity}`}
            data-testid="workbench-worst"
            data-rule={worst.rule}
            title={worst.message}
          >
            <span class={`sev sev-${worst.severity}`}>{worst.severity}</span>{' '}
            {ruleInfo(worst.rule)?.title ?? worst.rule}
          </span>
        )}
      </header>

      <div class="workbench-parts">
        <PartEditor
          part="header"
          text={w.headerText}
          {...(headerError ? { error: headerError } : {})}
          onInput={(t) => model.setHeader(t)}
          onFormat={() => model.format('header')}
        />
        <PartEditor
          part="payload"
          text={w.payloadText}
          {...(payloadError ? { error: payloadError } : {})}
          onInput={(t) => model.setPayload(t)}
          onFormat={() => model.format('payload')}
        />
      </div>

      <TimeHelpers model={model} />

      {hasErrors && (
        <div class="decode-error" role="alert" id="workbench-error" data-testid="workbench-error">
          <ul>
            {w.jsonErrors.map((e) => (
              <li key={e.part} data-code={e.code} data-part={e.part} data-line={e.line} data-column={e.column}>
                {jsonErrorText(e)}
              </li>
            ))}
            {w.error && (
              <li data-code={w.error.code}>
                {w.error.message} <code class="muted">[{w.error.code}]</code>
              </li>
            )}
          </ul>
          {w.jsonErrors.length > 0 && w.error === undefined && (
            <p class="muted">The token still encodes the text as typed.</p>
          )}
        </div>
      )}

      <div class="section workbench-signing">
        <div class="form-row">
          <label>
            Algorithm{' '}
            <select
              data-testid="workbench-alg"
              value={w.alg}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                if (isSigningAlg(v)) model.setAlg(v);
              }}
            >
              {SIGNING_ALGS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          {headerAlg !== '' && !isSigningAlg(headerAlg) && (
            <span class="muted" data-testid="workbench-alg-other">
              header alg: <VisibleText text={headerAlg} />
            </span>
          )}
        </div>
        <WorkbenchKey model={model} state={w} keys={keys} />
      </div>

      <div class="section">
        <div class="section-head">
          <h3>Encoded</h3>
          {(w.pending || w.inspecting) && (
            <span class="muted" data-testid="workbench-pending" role="status">
              {w.pending ? 'updating…' : 'inspecting…'}
            </span>
          )}
        </div>
        {w.token ? (
          <EncodedSegments token={w.token} />
        ) : (
          <p class="muted" data-testid="workbench-encoded-empty">
            No token yet: fix the problem above.
          </p>
        )}
        <div class="form-row workbench-output">
          <button
            type="button"
            class="tool-button bordered"
            data-testid="workbench-copy"
            disabled={!w.token}
            onClick={() => onCopy(w.token, 'token')}
          >
            Copy
          </button>
          <button
            type="button"
            class="tool-button bordered"
            data-testid="workbench-copy-bearer"
            disabled={!w.token}
            onClick={() => onCopy(`Authorization: Bearer ${w.token}`, 'Authorization header')}
          >
            Copy as Bearer
          </button>
          <button
            type="button"
            class="tool-button bordered"
            data-testid="workbench-copy-cookie"
            disabled={!w.token}
            title={`Copy as a cookie line: ${w.cookieName}=…`}
            onClick={() => onCopy(`${w.cookieName}=${w.token}`, 'cookie')}
          >
            Copy as cookie
          </button>
          <button
            type="button"
            class="primary-button"
            data-testid="workbench-add"
            disabled={!canAdd}
            title="Add to the list as a forged token (Ctrl+Enter)"
            onClick={onAdd}
          >
            Add to list
          </button>
          {added && (
            <button type="button" class="tool-button bordered" data-testid="workbench-added" onClick={onShowAdded}>
              Listed as forged — show it
            </button>
          )}
        </div>
      </div>

      <div class="section" data-testid="workbench-findings">
        <h3>
          Findings <span class="muted">({inspection ? findings.length : '…'})</span>
        </h3>
        {inspection ? <FindingsList findings={findings} /> : <p class="muted">Inspecting…</p>}
      </div>

      <WorkbenchVariants model={model} state={w} keys={keys} />
    </section>
  );
}

/** iat now, exp in N minutes, "expire it", "not yet valid": each a textual edit of the payload. */
function TimeHelpers({ model }: { model: WorkbenchModel }) {
  const minutes = useRef<HTMLInputElement>(null);
  return (
    <div class="form-row workbench-times" role="group" aria-label="Time claims">
      <button
        type="button"
        class="tool-button bordered"
        data-testid="workbench-iat-now"
        onClick={() => model.setTime('iat')}
      >
        iat = now
      </button>
      <button
        type="button"
        class="tool-button bordered"
        data-testid="workbench-exp-in"
        onClick={() => model.setTime('exp', Number(minutes.current?.value) || 60)}
      >
        exp = now +
      </button>
      <input
        ref={minutes}
        type="number"
        min={1}
        defaultValue="60"
        class="wb-minutes"
        data-testid="workbench-exp-minutes"
        aria-label="Minutes until exp"
      />
      <span class="muted">min</span>
      <button
        type="button"
        class="tool-button bordered"
        data-testid="workbench-expire"
        onClick={() => model.setTime('expire')}
      >
        Expire it
      </button>
      <button
        type="button"
        class="tool-button bordered"
        data-testid="workbench-nbf"
        onClick={() => model.setTime('nbf')}
      >
        Not yet valid
      </button>
    </div>
  );
}
