import { decodeProtectedHeader, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  WorkbenchModel,
  type WorkbenchContext,
  type WorkbenchState,
} from '../../../components/state/workbench-state.ts';
import { decodeBase64Url } from '../../../lib/base64url.ts';

const NOW = 1_700_000_000_000;
const ctx: WorkbenchContext = {
  keys: () => [],
  now: () => NOW,
  clockSkew: () => 0,
  crackedOf: () => undefined,
  otherTokens: () => [],
  addKey: () => undefined,
};
const payloadOf = (token: string) => new TextDecoder().decode(decodeBase64Url(token.split('.')[1]!).bytes);

async function settled(model: WorkbenchModel): Promise<WorkbenchState> {
  for (let i = 0; i < 200 && (model.state.pending || model.state.inspecting); i++)
    await new Promise((r) => setTimeout(r, 10));
  return model.state;
}

describe('WorkbenchModel', () => {
  it('the latest input wins: a slow RSA-4096 signature that lands after a fast HMAC one is dropped', async () => {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 4096, extractable: true });
    const pem = await exportPKCS8(privateKey);
    const changes: WorkbenchState[] = [];
    const model = WorkbenchModel.fromTemplate(ctx, (s) => changes.push(s));
    await settled(model);
    model.setAlg('RS256');
    model.setPrivateText(pem);
    model.setPayload('{"sub":"slow"}');
    model.encodeNow(); // RS256 over 4096 bits: slower than the HMAC below
    model.setAlg('HS256');
    model.setSecret('fast-secret-fast-secret-fast-secret!');
    model.setPayload('{"sub":"fast"}');
    model.encodeNow();
    const s = await settled(model);
    await new Promise((r) => setTimeout(r, 300));
    expect(model.state.token).toBe(s.token);
    expect(decodeProtectedHeader(s.token).alg).toBe('HS256');
    expect(payloadOf(s.token)).toBe('{"sub":"fast"}');
    await jwtVerify(s.token, new TextEncoder().encode('fast-secret-fast-secret-fast-secret!'));
    // No state ever showed the slow token.
    expect(changes.some((c) => c.token !== '' && payloadOf(c.token) === '{"sub":"slow"}')).toBe(false);
    model.dispose();
  });

  it('debounces typing: the token follows only after the pause, marked pending meanwhile', async () => {
    const model = WorkbenchModel.fromTemplate(ctx, () => undefined);
    const first = (await settled(model)).token;
    model.setPayload('{"sub":"a"}');
    model.setPayload('{"sub":"ab"}');
    expect(model.state.pending).toBe(true);
    expect(model.state.token).toBe(first);
    const s = await settled(model);
    expect(payloadOf(s.token)).toBe('{"sub":"ab"}');
    model.dispose();
  });
});
