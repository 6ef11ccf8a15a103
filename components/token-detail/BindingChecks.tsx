import type { BindingCheck } from '../../lib/oauth/binding-check.ts';
import { CloseIcon, DotIcon, TickIcon } from '../common/icons.tsx';
import { VisibleText } from '../common/VisibleText.tsx';

const STATUS_TEXT = { pass: 'passed', fail: 'failed', unchecked: 'not checked' } as const;

/** Every binding check of a DPoP proof or an ID token: the passed ones too (failed ones are also findings). */
export function BindingChecks({ checks }: { checks: readonly BindingCheck[] }) {
  return (
    <ul class="binding-checks" aria-label="Binding checks">
      {checks.map((c, i) => (
        <li
          key={`${c.rule}${i}`}
          class={`binding-check binding-${c.status}`}
          data-testid="binding-check"
          data-rule={c.rule}
          data-status={c.status}
        >
          {c.status === 'pass' ? <TickIcon /> : c.status === 'fail' ? <CloseIcon /> : <DotIcon />}{' '}
          <span class="visually-hidden">{STATUS_TEXT[c.status]}: </span>
          <VisibleText text={c.message} />
        </li>
      ))}
    </ul>
  );
}
