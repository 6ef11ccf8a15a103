import { useState } from 'preact/hooks';
import { variantsFor, type VariantDefinition, type VariantId, type VariantParam } from '../../lib/forge/index.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { VisibleText } from '../common/VisibleText.tsx';
import { decodeCached } from '../state/token-view.ts';
import type { WorkbenchModel, WorkbenchState } from '../state/workbench-state.ts';

const GROUPS: { title: string; ids: readonly VariantId[] }[] = [
  {
    title: 'Signature',
    ids: ['alg-none', 'alg-none-case', 'strip-signature', 'empty-signature', 'foreign-signature', 'psychic-signature'],
  },
  { title: 'Keys', ids: ['key-confusion', 'empty-key', 'embedded-jwk', 'jku', 'x5u', 'kid-injection'] },
  { title: 'Claims', ids: ['claim-tamper', 'resign-known-secret'] },
];

function defaults(v: VariantDefinition): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of v.params) {
    // A key left unchosen lets the variant pick (the found secret, the token's own key, the first that fits).
    const d = p.default ?? (p.kind === 'choice' ? p.choices?.[0]?.value : undefined);
    if (d !== undefined) out[p.name] = d;
  }
  return out;
}

function ParamField({
  variant,
  param,
  value,
  keys,
  onChange,
}: {
  variant: VariantId;
  param: VariantParam;
  value: string;
  keys: readonly KeyEntry[];
  onChange(v: string): void;
}) {
  const testId = `workbench-param-${variant}-${param.name}`;
  const input = (e: Event) => onChange((e.currentTarget as HTMLInputElement | HTMLSelectElement).value);
  return (
    <label class="wb-param">
      {param.label}{' '}
      {param.kind === 'choice' ? (
        <select data-testid={testId} value={value} onChange={input}>
          {(param.choices ?? []).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      ) : param.kind === 'key' ? (
        <select data-testid={testId} value={value} onChange={input}>
          <option value="">{param.required ? 'choose a key' : 'automatic'}</option>
          {keys.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label || k.id}
            </option>
          ))}
        </select>
      ) : (
        <input
          type={param.kind === 'url' ? 'url' : 'text'}
          data-testid={testId}
          value={value}
          spellcheck={false}
          placeholder={param.kind === 'url' ? 'https://attacker.example/jwks.json' : ''}
          onInput={input}
        />
      )}
    </label>
  );
}

/** The forged variants that apply to the token: grouped, each with what it tests and its reference, applied with one click. */
export function WorkbenchVariants({
  model,
  state: w,
  keys,
}: {
  model: WorkbenchModel;
  state: WorkbenchState;
  keys: KeyEntry[];
}) {
  const [params, setParams] = useState<Partial<Record<VariantId, Record<string, string>>>>({});
  const [busy, setBusy] = useState<VariantId | undefined>(undefined);
  const base = w.token || w.source;
  if (!base) return null;
  const applicable = variantsFor(decodeCached(base), { keys });
  const byId = new Map(applicable.map((v) => [v.id, v]));
  const choice = w.variantChoice;
  return (
    <div class="section workbench-variants" data-testid="workbench-variants">
      <h3>Forged variants</h3>
      <p class="muted">Each one is applied into the editor above; nothing is sent anywhere.</p>
      {w.variantError && (
        <p class="decode-error" role="alert" data-testid="workbench-variant-error" data-code={w.variantError.code}>
          {w.variantError.message}
        </p>
      )}
      {choice && choice.outputs.length > 1 && (
        <div class="wb-outputs" role="group" aria-label="Outputs of the variant">
          <span class="muted">Pick one:</span>
          {choice.outputs.map((o, i) => (
            <button
              key={i}
              type="button"
              class={`tool-button bordered${i === choice.picked ? ' selected' : ''}`}
              aria-pressed={i === choice.picked}
              data-testid="workbench-variant-output"
              onClick={() => model.pickOutput(i)}
            >
              <VisibleText text={o.label} />
            </button>
          ))}
        </div>
      )}
      {w.note && (
        <pre class="wb-pre wb-note" data-testid="workbench-note">
          <VisibleText text={w.note} />
        </pre>
      )}
      {GROUPS.map((g) => {
        const vs = g.ids.map((id) => byId.get(id)).filter((v): v is VariantDefinition => v !== undefined);
        if (vs.length === 0) return null;
        return (
          <fieldset key={g.title} class="wb-group">
            <legend>{g.title}</legend>
            <ul class="wb-variant-list">
              {vs.map((v) => {
                const values = { ...defaults(v), ...params[v.id] };
                return (
                  <li key={v.id} class="wb-variant">
                    <button
                      type="button"
                      class={`tool-button bordered${w.variant === v.id ? ' selected' : ''}`}
                      data-testid="workbench-variant"
                      data-variant={v.id}
                      aria-pressed={w.variant === v.id}
                      disabled={busy !== undefined}
                      title={v.tests}
                      onClick={async () => {
                        setBusy(v.id);
                        try {
                          await model.applyVariant(
                            v.id,
                            // An unchosen key is left out: the variant picks (found secret, the token's own key).
                            Object.fromEntries(
                              Object.entries(values).filter(
                                ([name, x]) => x !== '' || v.params.find((p) => p.name === name)?.kind !== 'key',
                              ),
                            ),
                          );
                        } finally {
                          setBusy(undefined);
                        }
                      }}
                    >
                      {busy === v.id ? 'Forging…' : v.title}
                    </button>
                    <span class="wb-variant-what">{v.tests}</span> <span class="muted">{v.reference}</span>
                    {v.params.length > 0 && (
                      <span class="wb-params">
                        {v.params.map((p) => (
                          <ParamField
                            key={p.name}
                            variant={v.id}
                            param={p}
                            value={values[p.name] ?? ''}
                            keys={keys}
                            onChange={(value) =>
                              setParams((all) => ({ ...all, [v.id]: { ...all[v.id], [p.name]: value } }))
                            }
                          />
                        ))}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}
    </div>
  );
}
