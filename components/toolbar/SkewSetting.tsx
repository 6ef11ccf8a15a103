import { MAX_CLOCK_SKEW } from '../state/preferences.ts';

/** The clock-skew tolerance in seconds (0: a token is expired the second exp passes). */
export function SkewSetting({ seconds, onChange }: { seconds: number; onChange(seconds: number): void }) {
  return (
    <label
      class="tool-check skew-setting"
      title="Clock skew: seconds of tolerance for exp and nbf, used by the list, the filter, the detail and the findings (0: expired the second exp passes, RFC 7519 §4.1.4)"
    >
      Skew
      <input
        type="number"
        data-testid="skew-setting"
        min={0}
        max={MAX_CLOCK_SKEW}
        step={1}
        inputMode="numeric"
        value={seconds}
        aria-label="Clock skew in seconds"
        onInput={(e) => onChange(Number((e.currentTarget as HTMLInputElement).value))}
      />
      s
    </label>
  );
}
