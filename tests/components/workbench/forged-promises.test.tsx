// @vitest-environment happy-dom
// README (workbench, forged entries): at most 200 kept, oldest first; Clear keeps them; never sent to
// the worker; no travel findings; a reported forged token says so, its source redacted like it.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { PreferenceStore } from '../../../components/host.ts';
import { decodeBase64Url } from '../../../lib/base64url.ts';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import { captured, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const clock = () => NOW;
const SECRET = 'forged-promises-secret-long-enough-for-hs256';
const utf8 = new TextEncoder();

afterEach(cleanup);

function memoryPreferences(
  initial: Record<string, unknown> = {},
): PreferenceStore & { value(): Record<string, unknown> } {
  let value = { ...initial };
  return {
    value: () => value,
    load: async () => value,
    save: async (patch) => {
      value = { ...value, ...patch };
    },
  };
}

const encoded = () => screen.getByTestId('workbench-encoded').textContent ?? '';
const textarea = (id: string) => screen.getByTestId(id) as HTMLTextAreaElement;
const segmentText = (token: string, i: number) => new TextDecoder().decode(decodeBase64Url(token.split('.')[i]!).bytes);
const rules = (el: HTMLElement) =>
  within(el)
    .queryAllByTestId('finding')
    .map((f) => f.dataset.rule);

/** A token captured over plain HTTP in a URL (two travel findings), its workbench forgery added to the list. */
async function forgeOne(prefs = memoryPreferences()) {
  const source = await new SignJWT({ sub: 'alice', role: 'user', iat: NOW / 1000, exp: NOW / 1000 + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(utf8.encode(SECRET));
  const transport = memoryTransport([
    captured(
      source,
      { location: { kind: 'query', name: 'access_token' }, url: `http://app.example.com/cb?access_token=${source}` },
      NOW - 1000,
    ),
  ]);
  render(<App transport={transport} clock={clock} preferences={prefs} />);
  const preset = ((prefs.value().forgedTokens as unknown[] | undefined) ?? []).length;
  // The list is virtualised: wait for the captured row (and, with stored forgeries, for one of them).
  const rows = () => screen.queryAllByTestId('token-row');
  const isForgedRow = (r: HTMLElement) => within(r).queryByTestId('forged-badge') !== null;
  await waitFor(() => {
    expect(rows().some((r) => !isForgedRow(r))).toBe(true);
    if (preset) expect(rows().some(isForgedRow)).toBe(true);
  });
  fireEvent.click(rows().find((r) => !isForgedRow(r))!);
  // The source's travel findings, shown for traffic.
  await waitFor(() => expect(rules(screen.getByTestId('token-detail'))).toContain('sent-over-http'));
  fireEvent.click(await screen.findByTestId('open-workbench'));
  await screen.findByTestId('workbench');
  fireEvent.input(textarea('workbench-payload'), {
    target: { value: segmentText(source, 1).replace('"role":"user"', '"role":"admin"') },
  });
  fireEvent.input(screen.getByTestId('workbench-secret'), { target: { value: SECRET } });
  await waitFor(() => expect(segmentText(encoded(), 1)).toContain('"role":"admin"'));
  await waitFor(() => expect(screen.queryByTestId('workbench-pending')).toBeNull());
  const forged = encoded();
  fireEvent.click(screen.getByTestId('workbench-add'));
  await waitFor(() => expect(screen.getAllByTestId('token-row').length).toBeGreaterThanOrEqual(2));
  return { source, forged, transport, prefs };
}

describe('forged tokens', () => {
  it('are never sent to the worker and get no travel findings', async () => {
    const { forged, transport } = await forgeOne();
    expect(JSON.stringify(transport.sent)).not.toContain(forged);
    expect(transport.sent.some((m) => m.kind === 'report')).toBe(false);
    fireEvent.click(screen.getByTestId('workbench-added'));
    const detail = await screen.findByTestId('token-detail');
    expect(within(detail).getByTestId('forged-badge')).toBeTruthy();
    // Token findings still run (the forgery is flagged as one), travel findings never.
    await waitFor(() => expect(within(detail).queryAllByTestId('finding').length).toBeGreaterThan(0));
    expect(rules(detail)).not.toContain('sent-over-http');
    expect(rules(detail)).not.toContain('token-in-url');
  });

  it('Clear keeps them (captured tokens go)', async () => {
    const { forged, transport } = await forgeOne();
    fireEvent.click(screen.getByTestId('clear'));
    transport.emit({ v: PROTOCOL_VERSION, kind: 'cleared', tabId: 1, reason: 'user' });
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(1));
    expect(within(screen.getByTestId('token-row')).getByTestId('forged-badge')).toBeTruthy();
    fireEvent.click(screen.getByTestId('token-row'));
    const detail = await screen.findByTestId('token-detail');
    expect(detail.textContent).toContain(forged.slice(0, 20));
  });

  it('at most 200 are kept: the 201st pushes the oldest out', async () => {
    const stored = Array.from({ length: 200 }, (_, i) => ({
      token: `eyJhbGciOiJub25lIn0.eyJpIjo${i}fQ.`,
      created: NOW - 10_000 + i,
    }));
    const prefs = memoryPreferences({ forgedTokens: stored });
    const { forged } = await forgeOne(prefs);
    await waitFor(() => expect((prefs.value().forgedTokens as { token: string }[]).at(-1)!.token).toBe(forged));
    const kept = prefs.value().forgedTokens as { token: string }[];
    expect(kept).toHaveLength(200);
    expect(kept[0]!.token).toBe(stored[1]!.token);
    expect(kept.map((k) => k.token)).not.toContain(stored[0]!.token);
  });

  it('a report marks a forged token as forged; without secrets its source is redacted like the token', async () => {
    const { source, forged } = await forgeOne();
    fireEvent.click(screen.getByTestId('export-open'));
    fireEvent.change(screen.getByTestId('export-scope'), { target: { value: 'all' } });
    fireEvent.change(screen.getByTestId('export-format'), { target: { value: 'json' } });
    fireEvent.click(screen.getByTestId('export-include-forged'));
    const report = () => JSON.parse((screen.getByTestId('export-preview') as HTMLTextAreaElement).value);
    await waitFor(() => expect(report().tokens).toHaveLength(2));
    const mine = () => report().tokens.find((t: { forged?: unknown }) => t.forged);
    const [h, p] = source.split('.');
    const [fh, fp] = forged.split('.');
    expect(mine().token).toBe(`${fh}.${fp}.<redacted>`);
    expect(mine().forged).toEqual({ from: `${h}.${p}.<redacted>` });
    const preview = (screen.getByTestId('export-preview') as HTMLTextAreaElement).value;
    expect(preview).not.toContain(source.split('.')[2]);
    expect(preview).not.toContain(forged.split('.')[2]);
    // With secrets: both whole.
    fireEvent.click(screen.getByTestId('export-include-secrets'));
    await waitFor(() => expect(mine().forged).toEqual({ from: source }));
    expect(mine().token).toBe(forged);
  });
});
