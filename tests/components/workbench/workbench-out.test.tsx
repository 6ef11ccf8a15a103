// @vitest-environment happy-dom
// README (workbench): Out copies the token raw, as `Authorization: Bearer …` or as a cookie line
// (the source's cookie name, else `token`); Save to key ring keeps an inline secret (the token then
// verifies with it); iat = now; Format pretty-prints only on a click; the template is signed with
// `a-string-secret-at-least-256-bits-long`.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { jwtVerify, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { PreferenceStore } from '../../../components/host.ts';
import { decodeBase64Url } from '../../../lib/base64url.ts';
import type { Sighting } from '../../../lib/capture/model.ts';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const clock = () => NOW;
const SECRET = 'workbench-out-secret-long-enough-for-hs256';
const utf8 = new TextEncoder();

afterEach(cleanup);

function memoryPreferences(): PreferenceStore {
  let value: Record<string, unknown> = {};
  return { load: async () => value, save: async (patch) => void (value = { ...value, ...patch }) };
}

const encoded = () => screen.getByTestId('workbench-encoded').textContent ?? '';
const textarea = (id: string) => screen.getByTestId(id) as HTMLTextAreaElement;
const segmentText = (token: string, i: number) => new TextDecoder().decode(decodeBase64Url(token.split('.')[i]!).bytes);
const settled = () => waitFor(() => expect(screen.queryByTestId('workbench-pending')).toBeNull());

async function open(location: Sighting['location'], keys = memoryKeyRing()) {
  const source = await new SignJWT({ sub: 'alice', iat: NOW / 1000 - 3600, exp: NOW / 1000 + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(utf8.encode(SECRET));
  const copied: string[] = [];
  render(
    <App
      transport={memoryTransport([captured(source, { location }, NOW - 1000)])}
      clock={clock}
      preferences={memoryPreferences()}
      keyRing={keys}
      clipboard={async (text) => {
        copied.push(text);
        return true;
      }}
    />,
  );
  await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(1));
  fireEvent.click(screen.getByTestId('token-row'));
  fireEvent.click(await screen.findByTestId('open-workbench'));
  await screen.findByTestId('workbench');
  return { source, copied, keys };
}

describe('workbench Out', () => {
  it('copies raw, as a Bearer header, and as a cookie line under the source cookie’s name', async () => {
    const { source, copied } = await open({ kind: 'cookie', name: 'session' });
    expect(encoded()).toBe(source);
    fireEvent.click(screen.getByTestId('workbench-copy'));
    fireEvent.click(screen.getByTestId('workbench-copy-bearer'));
    fireEvent.click(screen.getByTestId('workbench-copy-cookie'));
    await waitFor(() => expect(copied).toHaveLength(3));
    expect(copied).toEqual([source, `Authorization: Bearer ${source}`, `session=${source}`]);
  });

  it('names the cookie line `token` when the source was not a cookie', async () => {
    const { source, copied } = await open({ kind: 'header', name: 'Authorization', scheme: 'Bearer' });
    fireEvent.click(screen.getByTestId('workbench-copy-cookie'));
    await waitFor(() => expect(copied).toEqual([`token=${source}`]));
  });
});

describe('workbench key and time helpers', () => {
  it('Save to key ring keeps the inline secret; a token signed with it then verifies with that ring key', async () => {
    const keys = memoryKeyRing();
    await open({ kind: 'cookie', name: 'session' }, keys);
    fireEvent.input(textarea('workbench-payload'), { target: { value: '{"sub":"mallory","role":"admin"}' } });
    const secret = 'a-brand-new-secret-typed-into-the-workbench';
    fireEvent.input(screen.getByTestId('workbench-secret'), { target: { value: secret } });
    await settled();
    await waitFor(async () => expect((await jwtVerify(encoded(), utf8.encode(secret))).payload.sub).toBe('mallory'));
    const save = screen.getByTestId('workbench-save-secret');
    expect(save.textContent).toBe('Save to key ring');
    fireEvent.click(save);
    await waitFor(() => expect(keys.saved.length).toBeGreaterThan(0));
    expect(keys.saved.at(-1)!.map((k) => k.material)).toContain(secret);
    const id = keys.saved.at(-1)!.find((k) => k.material === secret)!.id;
    await settled();
    fireEvent.click(screen.getByTestId('workbench-add'));
    fireEvent.click(await screen.findByTestId('workbench-added'));
    const detail = await screen.findByTestId('token-detail');
    await waitFor(() => expect(within(detail).getByTestId('verification').dataset.status).toBe('verified'));
    const label = keys.saved.at(-1)!.find((k) => k.id === id)!.label;
    expect(within(detail).getByTestId('verification').textContent).toContain(`verified with key «${label}»`);
  });

  it('iat = now writes the current time into the payload text', async () => {
    await open({ kind: 'cookie', name: 'session' });
    expect(textarea('workbench-payload').value).toContain(`"iat":${NOW / 1000 - 3600}`);
    fireEvent.click(screen.getByTestId('workbench-iat-now'));
    expect(JSON.parse(textarea('workbench-payload').value).iat).toBe(NOW / 1000);
    await settled();
    expect(JSON.parse(segmentText(encoded(), 1)).iat).toBe(NOW / 1000);
  });

  it('Format pretty-prints only on a click, keeping each lexeme; typing alone encodes the text as typed', async () => {
    await open({ kind: 'cookie', name: 'session' });
    const typed = '{"sub":"alice","n":1.0e3,"e":"\\u00e9","a":[1,2]}';
    fireEvent.input(textarea('workbench-payload'), { target: { value: typed } });
    await settled();
    await new Promise((r) => setTimeout(r, 300));
    expect(textarea('workbench-payload').value).toBe(typed);
    expect(segmentText(encoded(), 1)).toBe(typed);
    fireEvent.click(screen.getByTestId('workbench-format-payload'));
    const pretty = textarea('workbench-payload').value;
    expect(pretty).not.toBe(typed);
    expect(pretty).toContain('\n');
    expect(pretty).toContain('1.0e3');
    expect(pretty).toContain('"\\u00e9"');
    expect(pretty.replace(/\s+/g, '')).toBe(typed);
    await waitFor(() => expect(segmentText(encoded(), 1)).toBe(pretty));
  });

  it('the template is signed with a-string-secret-at-least-256-bits-long, and copies as `token=…`', async () => {
    const { copied } = await open({ kind: 'cookie', name: 'session' });
    fireEvent.click(screen.getByTestId('workbench-back'));
    fireEvent.click(screen.getByTestId('new-token'));
    await screen.findByTestId('workbench');
    expect((screen.getByTestId('workbench-secret') as HTMLInputElement).value).toBe(
      'a-string-secret-at-least-256-bits-long',
    );
    await waitFor(() => expect(encoded().split('.')).toHaveLength(3));
    await settled();
    await jwtVerify(encoded(), utf8.encode('a-string-secret-at-least-256-bits-long'), { currentDate: new Date(NOW) });
    fireEvent.click(screen.getByTestId('workbench-copy-cookie'));
    await waitFor(() => expect(copied).toEqual([`token=${encoded()}`]));
  });
});
