import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../lib/index.ts';
import { buildTimeline } from '../../../lib/timeline/build-timeline.ts';
import type { VerdictOf } from '../../../lib/timeline/model.ts';
import { computeVerdicts } from '../../../lib/timeline/verdicts.ts';
import { access, API, at, bearer, captured, record } from './scenario.ts';

// README (verdicts): clock-skew — within ±1 s passes, ≥ 60 s fails (so 59 s is information only).

/** The clock-skew verdict when every response's Date says `serverMs` while the local clock read `localMs` (per second i). */
function skewVerdict(offset: (i: number) => { local: number; server: number }) {
  const t = captured(access(0, 600), [bearer(`${API}/a`, 1, 200)]);
  const requests: RequestRecord[] = Array.from({ length: 9 }, (_, i) => {
    const { local, server } = offset(i);
    return record(`${API}/x`, 0, { time: local - 20, responseTime: local, serverDate: server });
  });
  const timeline = buildTimeline({ tokens: [t], requests, now: at(3600) });
  return computeVerdicts(timeline.sessions[0]!).find((v) => v.id === 'clock-skew') as VerdictOf<'clock-skew'>;
}

describe('the clock-skew bound (60 s)', () => {
  // The Date header has 1 s resolution: the estimate is Date + 0.5 s − local receive time.
  it('59 s ahead is info; 59.999 s is info; exactly 60 s fails; behind counts the same', () => {
    const v59 = skewVerdict((i) => ({ local: at(i) + 500, server: at(i) + 59_000 }));
    expect(v59.data.medianMs).toBe(59_000);
    expect(v59.status).toBe('info');
    const almost = skewVerdict((i) => ({ local: at(i) + 501, server: at(i) + 60_000 }));
    expect(almost.data.medianMs).toBe(59_999);
    expect(almost.status).toBe('info');
    const v60 = skewVerdict((i) => ({ local: at(i) + 500, server: at(i) + 60_000 }));
    expect(v60.data.medianMs).toBe(60_000);
    expect(v60.status).toBe('fail');
    expect(v60.title).toBe('Server clock 1 min ahead of the local clock');
    const behind = skewVerdict((i) => ({ local: at(i) + 500, server: at(i) - 60_000 }));
    expect(behind.data.medianMs).toBe(-60_000);
    expect(behind.status).toBe('fail');
    const behind59 = skewVerdict((i) => ({ local: at(i) + 500, server: at(i) - 59_000 }));
    expect(behind59.status).toBe('info');
  });

  it('within ±1 s passes (not measurable)', () => {
    const v = skewVerdict((i) => ({ local: at(i) + 500, server: at(i) }));
    expect(v.status).toBe('pass');
    expect(v.data.measurable).toBe(false);
  });
});
