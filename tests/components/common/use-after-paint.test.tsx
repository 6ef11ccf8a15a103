// @vitest-environment happy-dom
// README (speed): opening a token draws its summary, findings, encoded token and header in one task
// and the payload, times, keys and sightings in a second one after that paint, so a 50,000-deep
// token's detail is two short main-thread tasks instead of one long one.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../components/App.tsx';
import { useAfterPaint } from '../../../components/common/use-after-paint.ts';
import { captured, fullDetail, memoryKeyRing, memoryTransport } from '../fakes.ts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('useAfterPaint', () => {
  function Probe({ seen }: { seen: boolean[] }) {
    const painted = useAfterPaint();
    seen.push(painted);
    return <p data-testid="probe">{painted ? 'painted' : 'first'}</p>;
  }

  it('is false on the first render and true only after the next frame and a task after it', async () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'] });
    const seen: boolean[] = [];
    render(<Probe seen={seen} />);
    expect(screen.getByTestId('probe').textContent).toBe('first');
    // The frame alone is not enough: the rest waits for a task queued after that frame's paint.
    await act(() => {
      vi.advanceTimersToNextFrame();
    });
    expect(screen.getByTestId('probe').textContent).toBe('first');
    await act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(screen.getByTestId('probe').textContent).toBe('painted');
    expect(seen[0]).toBe(false);
    expect(seen.at(-1)).toBe(true);
  });

  it('never draws the rest when unmounted before the paint (a selection that moved on)', async () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'] });
    const seen: boolean[] = [];
    const view = render(<Probe seen={seen} />);
    view.unmount();
    expect(vi.getTimerCount()).toBe(0);
    await act(() => {
      vi.advanceTimersToNextFrame();
      vi.advanceTimersByTime(10);
    });
    expect(seen).toEqual([false]);
  });

  it('cancels the queued task when unmounted between the frame and the task', async () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'] });
    const seen: boolean[] = [];
    const view = render(<Probe seen={seen} />);
    await act(() => {
      vi.advanceTimersToNextFrame();
    });
    expect(vi.getTimerCount()).toBe(1);
    view.unmount();
    expect(vi.getTimerCount()).toBe(0);
    expect(seen).toEqual([false]);
  });
});

describe('the token detail in two steps', () => {
  it('draws the summary and header first, then the payload, times, keys and sightings', async () => {
    const token = `${b64({ alg: 'HS256', kid: 'k1' })}.${b64({ sub: 'alice', exp: NOW / 1000 + 60 })}.c2ln`;
    render(<App transport={memoryTransport([captured(token)])} clock={() => NOW} keyRing={memoryKeyRing()} />);
    const row = await screen.findByTestId('token-row');
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    fireEvent.click(row);
    const first = screen.getByTestId('token-detail');
    expect(within(first).getByTestId('detail-summary')).toBeTruthy();
    expect(within(first).getByTestId('header-json').textContent).toContain('"kid": "k1"');
    expect(within(first).getByTestId('detail-rest-pending').getAttribute('aria-busy')).toBe('true');
    expect(within(first).queryByTestId('payload-json')).toBeNull();
    expect(within(first).queryByTestId('time-claims')).toBeNull();
    expect(within(first).queryByTestId('sighting-row')).toBeNull();

    vi.advanceTimersToNextFrame();
    vi.useRealTimers();
    const full = await fullDetail();
    expect(within(full).getByTestId('payload-json').textContent).toContain('"sub": "alice"');
    expect(within(full).getByTestId('time-claims')).toBeTruthy();
    expect(within(full).getAllByTestId('sighting-row').length).toBeGreaterThan(0);
    expect(within(full).queryByTestId('detail-rest-pending')).toBeNull();
  });
});
