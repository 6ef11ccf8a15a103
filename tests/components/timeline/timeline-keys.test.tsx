// @vitest-environment happy-dom
// README (timeline): zoom and pan by wheel, drag or the keys + − ← → Home End 0 ↑ ↓ Enter; tooltips on
// hover and on focus; a dense lane is bucketed per pixel column so its ticks stay bounded.
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTimeline } from '../../../lib/timeline/build-timeline.ts';
import type { TimelineTick } from '../../../lib/timeline/model.ts';
import { timelineVerdicts } from '../../../lib/timeline/verdicts.ts';
import { TimelineView } from '../../../components/timeline/TimelineView.tsx';
import { tickMarks } from '../../../components/timeline/timeline-scale.ts';
import { access, API, at, bearer, captured, delivered, refresh } from '../../lib/timeline/scenario.ts';

afterEach(cleanup);

// happy-dom lays nothing out: give every element a width so the chart draws at WIDTH pixels.
let WIDTH = 900;
const desc = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => WIDTH });
});
afterAll(() => {
  if (desc) Object.defineProperty(HTMLElement.prototype, 'clientWidth', desc);
});

function flow() {
  const a1 = access(0, 10);
  const a2 = access(13, 10);
  const rt = refresh(0, 3600);
  const tokens = [
    captured(a1, [delivered('access_token', 0), bearer(`${API}/data`, 1, 200), bearer(`${API}/data`, 12, 401)]),
    captured(rt, [delivered('refresh_token', 0)]),
    captured(a2, [delivered('access_token', 12.6), bearer(`${API}/data`, 13, 200)]),
  ];
  const timeline = buildTimeline({ tokens, requests: [], now: at(25) });
  return { timeline, verdicts: timelineVerdicts(timeline) };
}

function draw(timeline = flow().timeline, now = at(25)) {
  const onOpen = vi.fn();
  const utils = render(
    <TimelineView
      timeline={timeline}
      verdicts={timelineVerdicts(timeline)}
      now={now}
      selected={null}
      onOpen={onOpen}
    />,
  );
  const chart = utils.container.querySelector<HTMLElement>('[data-testid="timeline-chart"]')!;
  const range = () => [Number(chart.dataset.from), Number(chart.dataset.to)] as const;
  const lanes = () => [...utils.container.querySelectorAll<SVGGElement>('[data-testid="timeline-lane"]')];
  const tip = () => utils.container.querySelector('[data-testid="timeline-tooltip"]');
  return { ...utils, chart, range, lanes, tip, onOpen };
}

/** A wheel event at x = 450 (happy-dom's WheelEvent leaves clientX and shiftKey out). */
function wheel(el: Element, init: WheelEventInit) {
  const e = new WheelEvent('wheel', { deltaX: 0, bubbles: true, cancelable: true, ...init });
  Object.defineProperty(e, 'clientX', { value: 450 });
  Object.defineProperty(e, 'shiftKey', { value: init.shiftKey === true });
  act(() => void el.dispatchEvent(e));
}

describe('timeline keys, wheel and drag', () => {
  it('← pans left, Home and End go to the session’s start and end, ↑ moves up a lane', () => {
    const { range, lanes } = draw();
    const lane = lanes()[0]!;
    const [f0, t0] = range();
    const span = t0 - f0;
    fireEvent.keyDown(lane, { key: '+' });
    const [f1, t1] = range();
    fireEvent.keyDown(lane, { key: 'ArrowLeft' });
    const [f2, t2] = range();
    expect(f2).toBeLessThan(f1);
    expect(t2 - f2).toBeCloseTo(t1 - f1, -1);
    expect(f1 - f2).toBeCloseTo((t1 - f1) * 0.1, -1);
    fireEvent.keyDown(lane, { key: 'Home' });
    const [hf, ht] = range();
    // 5 % of the span before the start, the same span as before.
    expect(ht - hf).toBeCloseTo(t1 - f1, -1);
    fireEvent.keyDown(lane, { key: 'End' });
    const [ef, et] = range();
    expect(et - ef).toBeCloseTo(t1 - f1, -1);
    expect(ef).toBeGreaterThan(hf);
    fireEvent.keyDown(lane, { key: '0' });
    expect(range()).toEqual([f0, t0]);
    expect(span).toBeGreaterThan(0);

    fireEvent.keyDown(lane, { key: 'ArrowDown' });
    fireEvent.keyDown(lanes()[1]!, { key: 'ArrowDown' });
    expect(lanes()[2]!.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(lanes()[2]!, { key: 'ArrowUp' });
    expect(lanes()[1]!.getAttribute('tabindex')).toBe('0');
    expect(lanes()[2]!.getAttribute('tabindex')).toBe('-1');
  });

  it('the wheel zooms (in and out) around the pointer; Shift+wheel pans', () => {
    const { chart, range } = draw();
    const [f0, t0] = range();
    wheel(chart, { deltaY: -300 });
    const [f1, t1] = range();
    expect(t1 - f1).toBeLessThan(t0 - f0);
    expect(f1).toBeGreaterThan(f0);
    expect(t1).toBeLessThan(t0);
    wheel(chart, { deltaY: 600 });
    const [f2, t2] = range();
    expect(t2 - f2).toBeGreaterThan(t1 - f1);
    wheel(chart, { deltaY: 90, shiftKey: true });
    const [f3, t3] = range();
    expect(t3 - f3).toBeCloseTo(t2 - f2, -1);
    expect(f3).toBeGreaterThan(f2);
  });

  it('a drag pans by the distance dragged; a click after a drag does not open a token', async () => {
    const { chart, range, lanes, onOpen } = draw();
    const [f0, t0] = range();
    fireEvent.pointerDown(chart, { button: 0, clientX: 500, pointerId: 1 });
    fireEvent.pointerMove(chart, { clientX: 410, pointerId: 1 });
    fireEvent.click(lanes()[0]!);
    fireEvent.pointerUp(chart, { pointerId: 1 });
    const [f1, t1] = range();
    expect(t1 - f1).toBeCloseTo(t0 - f0, -1);
    // Dragged 90 px left over a 900 px chart: 10 % of the span later.
    expect(f1 - f0).toBeCloseTo((t0 - f0) * 0.1, -2);
    expect(onOpen).not.toHaveBeenCalled();
    // A tiny move (under 4 px) is a click, not a drag.
    await new Promise((r) => setTimeout(r, 0));
    fireEvent.pointerDown(chart, { button: 0, clientX: 500, pointerId: 1 });
    fireEvent.pointerMove(chart, { clientX: 498, pointerId: 1 });
    fireEvent.pointerUp(chart, { pointerId: 1 });
    expect(range()).toEqual([f1, t1]);
  });
});

describe('timeline tooltips', () => {
  it('shows a tooltip on hover of a lane bar and of a tick, and on keyboard focus of a lane', () => {
    const { container, lanes, tip } = draw();
    expect(tip()).toBeNull();
    const bar = lanes()[0]!.querySelector('.tl-bar')!;
    fireEvent.mouseMove(bar, { clientX: 100, clientY: 20 });
    expect(tip()!.getAttribute('role')).toBe('tooltip');
    expect(tip()!.textContent!.length).toBeGreaterThan(0);
    fireEvent.mouseLeave(bar);
    expect(tip()).toBeNull();

    const tick = container.querySelector('[data-testid="timeline-tick"][data-status="401"]')!;
    fireEvent.mouseMove(tick, { clientX: 300, clientY: 20 });
    expect(tip()!.textContent).toContain('401');
    fireEvent.mouseLeave(tick);
    expect(tip()).toBeNull();

    fireEvent.focus(lanes()[1]!);
    expect(tip()).not.toBeNull();
    expect(tip()!.textContent!.length).toBeGreaterThan(0);
    fireEvent.blur(lanes()[1]!);
    expect(tip()).toBeNull();
  });
});

describe('a dense lane’s ticks', () => {
  const tick = (time: number): TimelineTick => ({
    time,
    status: '2xx',
    direction: 'request',
    via: 'webrequest',
    label: 'Authorization',
    location: 'header',
    afterExpiry: false,
    sighting: 0,
  });

  it('50,000 sightings give at most one mark per 3-pixel column (≤ width / 3 + 1), all counted', () => {
    const ticks = Array.from({ length: 50_000 }, (_, i) => tick(i));
    for (const width of [300, 900, 1920]) {
      const marks = tickMarks(ticks, (t) => (t / 50_000) * width, width);
      expect(marks.length, `width ${width}`).toBeLessThanOrEqual(Math.ceil(width / 3) + 1);
      expect(marks.reduce((n, m) => n + m.count, 0)).toBe(50_000);
    }
    // Up to 120 ticks in view, each keeps its own mark.
    expect(tickMarks(ticks.slice(0, 120), (t) => t, 900)).toHaveLength(120);
  });

  it('a drawn lane of 50,000 sightings has at most 301 tick nodes at 900 px', () => {
    WIDTH = 900;
    const a = access(0, 3600);
    const sightings = Array.from({ length: 50_000 }, (_, i) => bearer(`${API}/data`, i * 0.05, 200));
    const timeline = buildTimeline({ tokens: [captured(a, sightings)], requests: [], now: at(2600) });
    const { container } = draw(timeline, at(2600));
    const ticks = container.querySelectorAll('[data-testid="timeline-tick"]');
    expect(ticks.length).toBeGreaterThan(10);
    expect(ticks.length).toBeLessThanOrEqual(301);
    const counted = [...ticks].reduce((n, t) => n + Number(t.getAttribute('data-count')), 0);
    expect(counted).toBe(50_000);
  });
});
