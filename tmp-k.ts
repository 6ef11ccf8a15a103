import { createHmac, randomBytes } from 'node:crypto';
import { kernelMacs } from './lib/crack/candidate-search.ts';
for (const alg of ['HS256','HS384','HS512'] as const) {
  for (const len of [0, 55, 56, 63, 64, 65, 111, 119, 120, 127, 128, 129, 300]) {
    const input = randomBytes(len);
    const keys = [0,1,3,16,31,32,33,63,64,65,127,128,129,200].map((n)=>new Uint8Array(randomBytes(n)));
    const macs = await kernelMacs(alg, input, keys);
    let bad = 0;
    keys.forEach((k,i)=>{ const exp = createHmac('sha'+alg.slice(2), k).update(input).digest(); if (!exp.equals(Buffer.from(macs[i]!))) bad++; });
    console.log(alg, len, bad ? `BAD ${bad}` : 'ok');
  }
}
