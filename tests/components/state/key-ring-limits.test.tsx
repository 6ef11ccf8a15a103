import { describe, expect, it, vi } from 'vitest';
import type { KeyRingStore } from '../../../components/host.ts';
import { KeyRingModel, type KeyRingState } from '../../../components/state/key-ring-state.ts';
import type { KeyEntry } from '../../../lib/types.ts';

// Like chrome.storage.local: JSON in, JSON out, and a write past the byte quota rejects.
function quotaStore(quota = 10 * 1024 * 1024): KeyRingStore & { writes: number; text: string } {
  const s = {
    writes: 0,
    text: '[]',
    load: async () => JSON.parse(s.text) as KeyEntry[],
    save: async (keys: KeyEntry[]) => {
      const text = JSON.stringify(keys);
      if (new TextEncoder().encode(text).length > quota) throw new Error('Resource::kQuotaBytes quota exceeded');
      s.writes++;
      s.text = text;
    },
  };
  return s;
}

async function open(store: KeyRingStore): Promise<KeyRingModel> {
  const model = new KeyRingModel(store, () => {});
  await model.load();
  return model;
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('key ring limits checked on save', () => {
  it('refuses a 2 MB secret and a 4 MB JWKS with a clear message; a reopen agrees', async () => {
    const store = quotaStore();
    const model = await open(store);
    model.save({ id: 'k1', label: 'ok', material: 'a-perfectly-good-hmac-secret-value' });
    await settle();
    model.save({ id: 'k2', label: 'huge secret', material: 'x'.repeat(2_000_000) });
    let s: KeyRingState = model.state;
    expect(s.message).toEqual({
      text: '«huge secret» was not saved: the key material is 2,000,000 characters; at most 1,000,000 can be stored (a JWKS of a few thousand keys fits).',
      error: true,
    });
    model.add({ label: 'JWKS big', material: `{"keys":[${'{},'.repeat(1_333_333)}{}]}`, format: 'jwks' });
    s = model.state;
    expect(s.message?.error).toBe(true);
    expect(s.message?.text).toMatch(/^«JWKS big» was not saved: the key material is 4,000,0\d\d characters/);
    expect(s.keys.map((k) => k.id)).toEqual(['k1']);
    await settle();
    expect(store.writes).toBe(1);
    const reopened = await open(store);
    expect(reopened.state.keys).toEqual(s.keys);
    expect(reopened.state.error).toBeUndefined();
  });

  it('undoes a change whose write fails, so what is shown is what a reopen finds', async () => {
    const store = quotaStore(50_000);
    const model = await open(store);
    model.save({ id: 'k1', material: 'y'.repeat(60_000) });
    expect(model.state.keys).toHaveLength(1);
    await vi.waitFor(() => expect(model.state.keys).toEqual([]));
    expect(model.state.message?.error).toBe(true);
    expect(model.state.message?.text).toContain('could not be saved, the change is undone');
    expect((await open(store)).state.keys).toEqual([]);
  });

  it('imports a ring file checking every key, naming each that failed', async () => {
    const store = quotaStore();
    const model = await open(store);
    await model.importFile(
      JSON.stringify([
        { id: 'a', label: 'good', material: 'a-perfectly-good-hmac-secret-value' },
        { id: 'b', label: 'broken pem', material: '-----BEGIN PUBLIC KEY-----\nAAAA\n', format: 'pem' },
        { id: 'c', label: 'too big', material: 'z'.repeat(1_200_000) },
      ]),
    );
    const m = model.state.message!;
    expect(m.error).toBe(true);
    expect(m.text).toMatch(
      /^Imported 1 key; 2 keys not imported — «too big»: the key material is 1,200,000 characters/,
    );
    expect(m.text).toContain('«broken pem»: ');
    expect(model.state.keys.map((k) => k.label)).toEqual(['good']);
  });
});
