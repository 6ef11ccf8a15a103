import { useState } from 'preact/hooks';
import type { OverridePlan } from '../../lib/override/override-rule.ts';
import { VisibleText } from '../common/VisibleText.tsx';
import type { PanelHost } from '../host.ts';
import type { PanelState, PanelStore } from '../state/panel-store.ts';
import {
  useInAppTargets,
  type OverrideLogEntry,
  type OverrideView,
  type UseInAppTarget,
} from '../state/use-in-app-state.ts';
import { overrideWhat } from './OverrideBanner.tsx';
import './use-in-app.css';

const REASONS: Record<string, string> = {
  stopped: 'stopped',
  'panel-closed': 'DevTools closed',
  'tab-closed': 'tab closed',
  replaced: 'replaced by a new one',
  failed: 'failed',
};

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}

function LogLine({ e }: { e: OverrideLogEntry }) {
  return (
    <li data-testid="override-log-entry" data-event={e.event} {...(e.value !== undefined ? { title: e.value } : {})}>
      {time(e.time)} {e.event === 'started' ? 'started replacing' : 'ended replacing'}{' '}
      <VisibleText text={overrideWhat(e)} /> on requests to <VisibleText text={e.origin} />
      {e.reason ? ` (${REASONS[e.reason] ?? e.reason})` : ''}
    </li>
  );
}

/**
 * "Use this token in the app": choose where the original travelled (a header or a cookie of one origin),
 * then the tab's own requests carry this token there until stopped; the overrides of this session are listed.
 */
export function UseInApp({
  targets,
  view,
  available,
  onUse,
}: {
  targets: readonly UseInAppTarget[];
  view: OverrideView;
  /** The host can install overrides (the real panel); elsewhere the section explains why not. */
  available: boolean;
  onUse(plan: OverridePlan): void;
}) {
  const [chosen, setChosen] = useState<string | undefined>();
  const target = targets.find((t) => t.key === chosen) ?? targets[0];
  const plan = target?.plan;
  const active = view.active;
  const same =
    plan?.ok &&
    active &&
    active.header === plan.plan.header &&
    active.value === plan.plan.value &&
    active.origin === plan.plan.origin;
  return (
    <div class="section use-in-app" data-testid="use-in-app-section">
      <h3>Use this token in the app</h3>
      <p class="muted">
        The inspected tab’s own requests carry this token where the original travelled, until you stop it or close
        DevTools (a network rule for this tab only; the permission is asked for at the first use).
      </p>
      {!available ? (
        <p class="muted">Only available in the DevTools panel.</p>
      ) : targets.length === 0 ? (
        <p class="muted" data-testid="use-in-app-none">
          Open the workbench from a captured token that the page sent in a header or a cookie.
        </p>
      ) : (
        <>
          <div class="use-in-app-row">
            <label>
              Where{' '}
              <select
                data-testid="use-in-app-target"
                value={target?.key}
                onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}
              >
                {targets.map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              class="tool-button bordered"
              data-testid="use-in-app"
              disabled={!plan?.ok || !!same}
              onClick={() => plan?.ok && onUse(plan.plan)}
            >
              Use this token in the app
            </button>
          </div>
          {plan && !plan.ok && (
            <p class="decode-error" role="note" data-testid="use-in-app-problem" data-code={plan.error.code}>
              {plan.error.message}
            </p>
          )}
          {plan?.ok && plan.plan.cookie !== undefined && (
            <p class="muted" data-testid="use-in-app-cookie-note">
              The whole Cookie header is set: the other cookies are frozen at the values this request carried.
            </p>
          )}
        </>
      )}
      {view.error && (
        <p class="decode-error" role="alert" data-testid="override-error" data-code={view.error.code}>
          {view.error.message}
        </p>
      )}
      {view.log.length > 0 && (
        <ol class="use-in-app-log" data-testid="override-log" aria-label="Overrides of this session">
          {view.log.map((e, i) => (
            <LogLine key={i} e={e} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** The workbench's "Use this token in the app", wired to the store: the source token's places, the edited token. */
export function UseInAppPane({ store, s, host }: { store: PanelStore; s: PanelState; host: PanelHost }) {
  const w = s.workbench;
  if (!w) return null;
  const captured = w.source !== undefined ? store.entries().find((e) => e.token === w.source) : undefined;
  return (
    <UseInApp
      targets={useInAppTargets(captured, w.token, s.capture.requests)}
      view={s.capture.override}
      available={host.requestOverridePermission !== undefined}
      onUse={(plan) => void store.useInApp(plan)}
    />
  );
}
