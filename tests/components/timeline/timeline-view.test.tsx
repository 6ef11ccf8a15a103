// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTimeline } from '../../../lib/timeline/build-timeline.ts';
import type { TimelineTick } from '../../../lib/timeline/model.ts';
import { timelineVerdicts } from '../../../lib/timeline/verdicts.ts';
import { TimelineView } from '../../../components/timeline/TimelineView.tsx';
import { initialDomain, panDomain, tickMarks, zoomDomain } from '../../../components/timeline/timeline-scale.ts';
import {
  access,
  API,
  at,
  bearer,
  captured,
  cookieDeleted,
  cookieSent,
  delivered,
  granted,
  hs256,
  ISS,
  record,
  refresh,
  stored,
} from '../../lib/timeline/scenario.ts';

afterEach(cleanup);

/** 10-second access tokens, refreshed only after a 401, then a logout that deletes the cookie and the storage item. */
function sessionFlow({ loggedOut = true, now = at(25) } = {}) {
  const a1 = access(0, 10);
  const a2 = access(13, 10);
  const rt = refresh(0, 3600);
  const session = hs256({ sub: 'alice', sid: 's1', iat: 1_796_133_600, exp: 1_796_137_200 });
  const tokens = [
    captured(a1, [
      delivered('access_token', 0),
      bearer(`${API}/data`, 1, 200),
      bearer(`${API}/data`, 5, 200),
      bearer(`${API}/data`, 12, 401),
      stored('session-auth', 1),
    ]),
    captured(rt, [delivered('refresh_token', 0), granted(12.5)]),
    captured(a2, [
      delivered('access_token', 12.6, `${ISS}/token`),
      bearer(`${API}/data`, 13, 200),
      stored('session-auth', 13.5),
      ...(loggedOut ? [stored('session-auth', 20, true)] : []),
    ]),
    captured(session, [
      cookieSent('session', `${API}/data`, 1),
      ...(loggedOut ? [cookieDeleted('session', 19.5)] : []),
    ]),
  ];
  const requests = [
    record(`${API}/data`, 12, {
      status: 401,
      tokens: [a1],
      challenge: {
        scheme: 'Bearer',
        error: 'invalid_token',
        description: 'The access token expired',
        raw: 'Bearer error="invalid_token"',
      },
    }),
    ...(loggedOut
      ? [record(`${API}/logout`, 19.4, { method: 'POST', status: 200, tokens: [a2], serverDate: at(19) })]
      : []),
  ];
  const timeline = buildTimeline({ tokens, requests, now });
  return { a1, a2, rt, timeline, verdicts: timelineVerdicts(timeline) };
}

describe('TimelineView', () => {
  it('draws a lane per token, ticks by answer, the chain, the late 401, events and the verdicts', () => {
    const { a1, timeline, verdicts } = sessionFlow();
    const onOpen = vi.fn();
    const { getByTestId, container } = render(
      <TimelineView timeline={timeline} verdicts={verdicts} now={at(25)} selected={null} onOpen={onOpen} />,
    );
    const view = getByTestId('timeline');
    const session = timeline.sessions.find((s) => s.id === view.dataset.session)!;
    const lanes = container.querySelectorAll('[data-testid="timeline-lane"]');
    expect(lanes.length).toBe(session.lanes.length);
    const kinds = [...lanes].map((l) => l.getAttribute('data-kind'));
    expect(kinds.filter((k) => k === 'access')).toHaveLength(2);
    expect([...lanes].every((l) => l.getAttribute('data-token-sub') === 'alice' || l.hasAttribute('data-label'))).toBe(
      true,
    );

    const late = container.querySelectorAll('[data-testid="timeline-tick"][data-status="401"]');
    expect(late.length).toBe(1);
    expect(late[0]!.getAttribute('data-after-expiry')).toBe('true');
    expect(late[0]!.querySelector('[data-testid="timeline-late"]')).not.toBeNull();
    expect(
      container.querySelectorAll('[data-testid="timeline-tick"][data-status="200"]').length,
    ).toBeGreaterThanOrEqual(3);

    const chains = container.querySelectorAll('[data-testid="timeline-chain"]');
    expect(chains.length).toBeGreaterThanOrEqual(1);
    const a1Lane = session.lanes.find((l) => l.token === a1)!;
    expect([...chains].some((c) => c.getAttribute('data-from-lane') === a1Lane.id)).toBe(true);
    expect(container.querySelector('[data-testid="timeline-gap"]')).not.toBeNull();

    const eventKinds = [...container.querySelectorAll('[data-testid="timeline-event"]')].map((e) =>
      e.getAttribute('data-kind'),
    );
    expect(eventKinds).toContain('storage-removed');
    expect(container.querySelector('[data-testid="timeline-now"]')).not.toBeNull();
    // The day the range starts on (d3-time's day floor), in the panel's locale.
    expect(getByTestId('timeline-day').textContent).toBe(
      new Date(at(0)).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' }),
    );

    const ids = [...container.querySelectorAll('[data-testid="verdict"]')].map((v) => v.getAttribute('data-verdict'));
    expect(ids).toEqual(expect.arrayContaining(['refresh-lead', 'expired-sent', 'logout-cleared']));
    const lead = container.querySelector('[data-verdict="refresh-lead"]')!;
    expect(lead.getAttribute('data-status')).toBe('fail');
    expect(lead.textContent).toMatch(/401/);

    // Click a lane: the token opens.
    fireEvent.click(lanes[0]!);
    expect(onOpen).toHaveBeenCalledWith(session.lanes[0]!.token);
  });

  it('follows the session as it grows until the user zooms, and again after Fit', () => {
    // Opened before the logout (the panel still receiving the flow): the logout lands later.
    const before = sessionFlow({ loggedOut: false, now: at(14) });
    const view = (t: ReturnType<typeof sessionFlow>, now: number) => (
      <TimelineView timeline={t.timeline} verdicts={t.verdicts} now={now} selected={null} onOpen={() => {}} />
    );
    const { getByTestId, getByLabelText, container, rerender } = render(view(before, at(14)));
    const to = () => Number(getByTestId('timeline-chart').dataset.to);
    const events = (kind: string) =>
      container.querySelectorAll(`[data-testid="timeline-event"][data-kind="${kind}"]`).length;
    expect(events('logout-request')).toBe(0);
    expect(to()).toBeLessThan(at(19.4));

    const after = sessionFlow({ now: at(25) });
    rerender(view(after, at(25)));
    expect(to()).toBeGreaterThanOrEqual(at(20));
    expect(events('storage-removed')).toBe(1);
    expect(events('logout-request')).toBe(1);

    // A zoom is the user's choice: new data and the clock no longer move the view.
    fireEvent.click(getByLabelText('Zoom in'));
    const zoomed = [Number(getByTestId('timeline-chart').dataset.from), to()];
    rerender(view(sessionFlow({ now: at(40) }), at(40)));
    expect([Number(getByTestId('timeline-chart').dataset.from), to()]).toEqual(zoomed);
    // Fit shows the whole session again and follows it.
    fireEvent.click(getByTestId('timeline-fit'));
    expect(getByTestId('timeline-fit').getAttribute('aria-pressed')).toBe('true');
    expect(to()).toBeGreaterThan(zoomed[1]!);
  });

  it('time travel restyles lanes as at now + Δ and says how many more have expired', () => {
    const { timeline, verdicts } = sessionFlow();
    const now = at(14);
    const { getByTestId, container } = render(
      <TimelineView timeline={timeline} verdicts={verdicts} now={now} selected={null} onOpen={() => undefined} />,
    );
    const states = () =>
      [...container.querySelectorAll('[data-testid="timeline-lane"]')].map((l) => l.getAttribute('data-state'));
    const before = states().filter((s) => s === 'expired').length;
    expect(getByTestId('timeline-travel-summary').textContent).toContain(`${before} of`);
    const slider = getByTestId('timeline-travel') as HTMLInputElement;
    fireEvent.input(slider, { target: { value: '4' } }); // now + 60 s: the second access token has expired too
    const after = states().filter((s) => s === 'expired').length;
    expect(after).toBeGreaterThan(before);
    expect(getByTestId('timeline-travel-summary').textContent).toContain(`(${after - before} more than now)`);
    expect(container.querySelector('[data-testid="timeline-travel-line"]')).not.toBeNull();
  });

  it('zooms and pans from the keyboard; Enter on a focused lane opens it; ↓ moves between lanes', () => {
    const { timeline, verdicts } = sessionFlow();
    const onOpen = vi.fn();
    const { container } = render(
      <TimelineView timeline={timeline} verdicts={verdicts} now={at(25)} selected={null} onOpen={onOpen} />,
    );
    const chart = container.querySelector<HTMLElement>('[data-testid="timeline-chart"]')!;
    const range = () => [Number(chart.dataset.from), Number(chart.dataset.to)] as const;
    const lane = container.querySelector<SVGGElement>('[data-testid="timeline-lane"]')!;
    expect(lane.getAttribute('tabindex')).toBe('0');
    const [f0, t0] = range();
    fireEvent.keyDown(lane, { key: '+' });
    const [f1, t1] = range();
    expect(t1 - f1).toBeCloseTo((t0 - f0) / 1.5, -1);
    fireEvent.keyDown(lane, { key: 'ArrowRight' });
    expect(range()[0]).toBeGreaterThan(f1);
    fireEvent.keyDown(lane, { key: '-' });
    fireEvent.keyDown(lane, { key: '-' });
    expect(range()[1] - range()[0]).toBeGreaterThan(t0 - f0);
    fireEvent.keyDown(lane, { key: '0' });
    expect(range()).toEqual([f0, t0]);
    fireEvent.keyDown(lane, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(lane, { key: 'ArrowDown' });
    const second = container.querySelectorAll('[data-testid="timeline-lane"]')[1]!;
    expect(second.getAttribute('tabindex')).toBe('0');
    expect(lane.getAttribute('tabindex')).toBe('-1');
  });

  it('says the clock skew as measured, and that Date has 1 s resolution', () => {
    const { timeline, verdicts } = sessionFlow();
    const { getByTestId } = render(
      <TimelineView timeline={timeline} verdicts={verdicts} now={at(25)} selected={null} onOpen={() => undefined} />,
    );
    expect(getByTestId('timeline-skew').textContent).toMatch(/Server clock/);
  });
});

describe('timeline scales', () => {
  const tick = (time: number, status: TimelineTick['status']): TimelineTick => ({
    time,
    status,
    direction: 'request',
    via: 'webrequest',
    label: 'Authorization',
    location: 'header',
    afterExpiry: false,
    sighting: 0,
  });

  it('buckets a dense lane per pixel column, keeping the worst answer and the counts', () => {
    const ticks = Array.from({ length: 5000 }, (_, i) => tick(i, i === 2500 ? '401' : '2xx'));
    const marks = tickMarks(ticks, (t) => (t / 5000) * 300, 300);
    expect(marks.length).toBeLessThanOrEqual(101);
    expect(marks.reduce((n, m) => n + m.count, 0)).toBe(5000);
    expect(marks.filter((m) => m.status === '401')).toHaveLength(1);
    // Sparse lanes keep one mark per tick.
    expect(tickMarks(ticks.slice(0, 50), (t) => t, 300)).toHaveLength(50);
    // Ticks outside the visible range are not drawn.
    expect(tickMarks(ticks, (t) => t - 10_000, 300)).toHaveLength(0);
  });

  it('zooms around an anchor, pans, and starts on the whole session and now', () => {
    expect(zoomDomain([0, 1000], 2, 0)).toEqual([0, 500]);
    expect(zoomDomain([0, 1000], 2, 1000)).toEqual([500, 1000]);
    expect(panDomain([0, 1000], 250)).toEqual([250, 1250]);
    const [from, to] = initialDomain({ start: 10_000, end: 20_000 }, 40_000);
    expect(from).toBeLessThan(10_000);
    expect(to).toBeGreaterThan(40_000);
    // Never narrower than the minimum span.
    const [a, b] = zoomDomain([0, 1000], 1e9);
    expect(b - a).toBeGreaterThanOrEqual(200);
  });
});
