// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import { OverrideBanner } from '../../../components/replay/OverrideBanner.tsx';
import {
  applyOverrideMessage,
  NO_OVERRIDE,
  requestUseInApp,
  useInAppTargets,
} from '../../../components/state/use-in-app-state.ts';
import type { CapturedToken, RequestRecord } from '../../../lib/capture/model.ts';
import { PROTOCOL_VERSION, type OverrideMessage, type PanelMessage } from '../../../lib/protocol/messages.ts';
import { captured, memoryTransport } from '../fakes.ts';

const v = PROTOCOL_VERSION;
const NOW = 1_700_000_000_000;
const ORIGIN = 'https://api.example.com';
const plan = { origin: ORIGIN, header: 'Authorization', value: 'Bearer edited' };

afterEach(cleanup);

const mint = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('component-test-secret-that-is-long-enough'));

const news = (m: Omit<OverrideMessage, 'v' | 'kind' | 'tabId'>): OverrideMessage => ({
  v,
  kind: 'override',
  tabId: 1,
  ...m,
});

describe('override view state', () => {
  it('logs each start and end with its reason', () => {
    let view = applyOverrideMessage(NO_OVERRIDE, news({ active: null }), 1);
    expect(view.log).toEqual([]);
    view = applyOverrideMessage(view, news({ active: { ...plan, since: 2 } }), 2);
    view = applyOverrideMessage(view, news({ active: { ...plan, value: 'Bearer other', since: 3 } }), 3);
    view = applyOverrideMessage(view, news({ active: null, ended: 'panel-closed' }), 4);
    expect(view.active).toBeNull();
    expect(view.log.map((e) => [e.time, e.event, e.reason ?? e.value])).toEqual([
      [2, 'started', 'Bearer edited'],
      [3, 'ended', 'replaced'],
      [3, 'started', 'Bearer other'],
      [4, 'ended', 'panel-closed'],
    ]);
    const failed = applyOverrideMessage(
      view,
      news({ active: null, error: { code: 'override-failed', message: 'no' } }),
      5,
    );
    expect(failed.error?.code).toBe('override-failed');
    expect(failed.log).toHaveLength(4);
  });

  it('offers one target per origin and header or cookie, planned from the latest captured request', () => {
    const token = 'a.b.c';
    const c: CapturedToken = {
      token,
      firstSeen: 1,
      lastSeen: 3,
      count: 3,
      sightings: [
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
          url: `${ORIGIN}/a`,
          time: 1,
          requestId: 'r1',
        },
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'header', name: 'authorization', scheme: 'Bearer' },
          url: `${ORIGIN}/b`,
          time: 2,
          requestId: 'r2',
        },
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'cookie', name: 's' },
          url: `${ORIGIN}/c`,
          time: 3,
          requestId: 'r3',
        },
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'query', name: 't' },
          url: `${ORIGIN}/d?t=${token}`,
          time: 4,
        },
        {
          direction: 'stored',
          via: 'page-storage',
          location: { kind: 'storage', area: 'local', name: 'k' },
          url: ORIGIN,
          time: 5,
        },
      ],
    };
    const record = (id: string, name: string, value: string): RequestRecord => ({
      requestId: id,
      time: 1,
      method: 'GET',
      url: ORIGIN,
      headers: [{ name, value }],
      tokens: [token],
    });
    const requests = new Map([
      ['r2', record('r2', 'Authorization', `Bearer ${token}`)],
      ['r3', record('r3', 'Cookie', `a=1; s=${token}; b=2`)],
    ]);
    const targets = useInAppTargets(c, 'x.y.z', requests);
    expect(targets.map((t) => t.label)).toEqual([
      `authorization (Bearer) → ${ORIGIN} · GET /b`,
      `cookie s → ${ORIGIN} · GET /c`,
    ]);
    expect(targets.map((t) => t.plan.ok && t.plan.plan.value)).toEqual(['Bearer x.y.z', 'a=1; s=x.y.z; b=2']);
    expect(useInAppTargets(c, '', requests)).toEqual([]);
    expect(useInAppTargets(undefined, 'x', requests)).toEqual([]);
  });

  it('asks for the permission first and sends nothing when it is refused', async () => {
    const sent: PanelMessage[] = [];
    const errors: string[] = [];
    await requestUseInApp(
      async () => false,
      plan,
      (m) => sent.push(m),
      (e) => errors.push(e.code),
    );
    await requestUseInApp(
      async () => Promise.reject(new Error('no gesture')),
      plan,
      (m) => sent.push(m),
      (e) => errors.push(e.code),
    );
    await requestUseInApp(
      undefined,
      plan,
      (m) => sent.push(m),
      (e) => errors.push(e.code),
    );
    expect(sent).toEqual([]);
    expect(errors).toEqual(['override-permission', 'override-permission', 'override-permission']);
    await requestUseInApp(
      async () => true,
      plan,
      (m) => sent.push(m),
      (e) => errors.push(e.code),
    );
    expect(sent).toEqual([{ v, kind: 'use-in-app', plan }]);
  });
});

describe('Use this token in the app, in the panel', () => {
  async function setup(permission: boolean) {
    const token = await mint({ sub: 'alice', iat: NOW / 1000, exp: NOW / 1000 + 600 });
    const transport = memoryTransport([
      captured(
        token,
        { location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' }, url: `${ORIGIN}/me` },
        NOW,
      ),
    ]);
    const asked: number[] = [];
    render(
      <App
        transport={transport}
        clock={() => NOW}
        requestOverridePermission={async () => {
          asked.push(1);
          return permission;
        }}
      />,
    );
    fireEvent.click(await screen.findByTestId('token-row'));
    fireEvent.click(await screen.findByTestId('open-workbench'));
    const section = await screen.findByTestId('use-in-app-section');
    return { token, transport, asked, section };
  }

  it('puts the workbench’s token where the original travelled, shows the banner, and stops in one click', async () => {
    const { token, transport, asked, section } = await setup(true);
    expect(within(section).getByTestId('use-in-app-target').textContent).toContain(
      `Authorization (Bearer) → ${ORIGIN}`,
    );
    expect(screen.queryByTestId('override-banner')).toBeNull();
    fireEvent.click(within(section).getByTestId('use-in-app'));
    await waitFor(() => expect(transport.sent.some((m) => m.kind === 'use-in-app')).toBe(true));
    expect(asked).toHaveLength(1);
    const sent = transport.sent.find((m) => m.kind === 'use-in-app');
    expect(sent).toEqual({
      v,
      kind: 'use-in-app',
      plan: { origin: ORIGIN, header: 'Authorization', value: `Bearer ${token}` },
    });
    // The banner follows the worker's word, not the click.
    expect(screen.queryByTestId('override-banner')).toBeNull();
    transport.emit(news({ active: { origin: ORIGIN, header: 'Authorization', value: `Bearer ${token}`, since: NOW } }));
    const banner = await screen.findByTestId('override-banner');
    expect(banner.textContent).toContain('JWT Lens is replacing Authorization on this tab');
    expect(banner.textContent).toContain(ORIGIN);
    // The same token is already in use: the button waits for an edit.
    expect((within(section).getByTestId('use-in-app') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(banner).getByTestId('stop-use-in-app'));
    expect(transport.sent.at(-1)).toEqual({ v, kind: 'stop-use-in-app' });
    transport.emit(news({ active: null, ended: 'stopped' }));
    await waitFor(() => expect(screen.queryByTestId('override-banner')).toBeNull());
    expect(
      within(section)
        .getAllByTestId('override-log-entry')
        .map((e) => e.dataset.event),
    ).toEqual(['started', 'ended']);
  });

  it('says so when the permission is refused, and sends nothing', async () => {
    const { transport, section } = await setup(false);
    fireEvent.click(within(section).getByTestId('use-in-app'));
    expect((await within(section).findByTestId('override-error')).dataset.code).toBe('override-permission');
    expect(transport.sent.filter((m) => m.kind === 'use-in-app')).toEqual([]);
  });

  it('a cookie override says the other cookies are frozen', async () => {
    render(<OverrideBannerProbe />);
    expect((await screen.findByTestId('override-banner')).textContent).toContain(
      'JWT Lens is replacing the cookie s on this tab',
    );
    expect(screen.getByTestId('override-banner').textContent).toContain('the other cookies are frozen');
  });
});

function OverrideBannerProbe() {
  return (
    <OverrideBanner
      active={{ origin: ORIGIN, header: 'Cookie', value: 'a=1; s=x', cookie: 's', since: NOW }}
      onStop={() => undefined}
    />
  );
}
