// crackSecret over the shipped 104k wordlist: candidates per second, and the ratio to a native
// node:crypto createHmac loop over the same list in the same run. Run: npx tsx tests/bench/crack.ts
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crackSecret, parseWordlist } from '../../lib/index.ts';

const words = parseWordlist(
  readFileSync(fileURLToPath(new URL('../../public/wordlists/jwt-secrets.txt', import.meta.url)), 'utf8'),
);
const b64u = (s: string): string => Buffer.from(s).toString('base64url');
const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u('{"sub":"1234567890","name":"John Doe","iat":1516239022}')}`;
const sig = createHmac('sha256', 'not-in-the-list-3b9e').update(input).digest();
const token = `${input}.${sig.toString('base64url')}`;

function nativeLoop(): number {
  const msg = Buffer.from(input);
  let tried = 0;
  for (const w of words) {
    tried++;
    if (createHmac('sha256', w).update(msg).digest().equals(sig)) break;
  }
  return tried;
}

console.log(
  `node ${process.version}, ${words.length.toLocaleString('en-US')} candidates, signing input ${input.length} bytes`,
);
const rounds: { ours: number; native: number }[] = [];
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  const res = await crackSecret(token, words);
  const ours = performance.now() - t;
  t = performance.now();
  nativeLoop();
  const native = performance.now() - t;
  if (res.secret !== null) throw new Error('unexpected hit');
  rounds.push({ ours, native });
  console.log(
    `round ${r + 1}: crackSecret ${ours.toFixed(0)} ms (${Math.round((res.tried / ours) * 1000).toLocaleString('en-US')} candidates/s), native createHmac ${native.toFixed(0)} ms (${Math.round((words.length / native) * 1000).toLocaleString('en-US')}/s), ratio ${(ours / native).toFixed(2)}x`,
  );
}
const best = (k: 'ours' | 'native'): number => Math.min(...rounds.map((x) => x[k]));
console.log(
  `best of 5: crackSecret ${Math.round((words.length / best('ours')) * 1000).toLocaleString('en-US')} candidates/s, ${(best('ours') / best('native')).toFixed(2)}x native time`,
);
