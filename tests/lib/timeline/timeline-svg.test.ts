// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../../lib/timeline/build-timeline.ts';
import { escapeXml, timelineSvg } from '../../../lib/timeline/timeline-svg.ts';
import { access, API, at, bearer, captured, cookieDeleted, delivered, hs256, ISS, sec } from './scenario.ts';

function session() {
  const a1 = access(0, 10);
  const a2 = access(12, 10);
  const hostile = hs256(
    { iss: ISS, sub: '<script>alert("x")</script>&', iat: sec(0), exp: sec(30) },
    { typ: 'at+jwt' },
  );
  const timeline = buildTimeline({
    tokens: [
      captured(a1, [delivered('access_token', 0), bearer(`${API}/a`, 5, 200), bearer(`${API}/a`, 12, 401)]),
      captured(a2, [delivered('access_token', 12.4), bearer(`${API}/a`, 13, 200), cookieDeleted('c', 20)]),
      captured(hostile, [bearer(`${API}/b`, 3, 403)]),
    ],
    now: at(25),
  });
  return { s: timeline.sessions[0]!, tokens: [a1, a2, hostile] };
}

describe('timelineSvg', () => {
  it('is well-formed SVG with a lane per token, a tick per sighting, the chain, the gap, events and now', () => {
    const { s } = session();
    const svg = timelineSvg(s, { now: at(25) });
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(doc.querySelectorAll('g.lane')).toHaveLength(3);
    expect([...doc.querySelectorAll('g.lane')].map((g) => g.getAttribute('data-kind'))).toEqual([
      'access',
      'access',
      'access',
    ]);
    expect([...doc.querySelectorAll('rect.tick')].map((r) => r.getAttribute('data-status')).sort()).toEqual(
      // The cookie's deletion is a 200 response's Set-Cookie.
      ['2xx', '2xx', '2xx', '2xx', '2xx', '401', '403'].sort(),
    );
    expect(doc.querySelectorAll('g.chain')).toHaveLength(1);
    expect(doc.querySelectorAll('rect.gap')).toHaveLength(1);
    expect(doc.querySelectorAll('g.event')).toHaveLength(1);
    expect(doc.querySelectorAll('g.now')).toHaveLength(1);
    expect(doc.querySelector('title')!.textContent).toBe(`Session timeline: ${ISS}`);
    // The 401 after a1's exp is ringed.
    expect(doc.querySelector('rect.tick[data-status="401"]')!.getAttribute('stroke')).not.toBeNull();
  });

  it('escapes token-derived text and leaves token values out unless asked', () => {
    const { s, tokens } = session();
    const svg = timelineSvg(s);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;');
    for (const t of tokens) expect(svg).not.toContain(t);
    const withTokens = timelineSvg(s, { includeTokens: true });
    for (const t of tokens) expect(withTokens).toContain(t);
    expect(escapeXml(`a&b<c>"d'\u0001`)).toBe('a&#38;b&#60;c&#62;&#34;d&#39;');
  });

  it('draws both themes, a given window and width, and writes times through formatTime', () => {
    const { s } = session();
    const dark = timelineSvg(s, {
      theme: 'dark',
      width: 400,
      from: at(0),
      to: at(30),
      formatTime: (ms) => `T+${(ms - at(0)) / 1000}`,
    });
    expect(dark).toContain('fill="#202124"');
    expect(dark).toContain('width="400"');
    expect(dark).toContain('>T+0 – T+30, 3 tokens<');
    // 204 px for 30 s: one label per 30 s.
    expect(dark).toContain('>T+30<');
    expect(
      timelineSvg(s, { width: 1200, from: at(0), to: at(30), formatTime: (ms) => `T+${(ms - at(0)) / 1000}` }),
    ).toContain('>T+5<');
    expect(timelineSvg(s)).toContain('fill="#ffffff"');
  });
});
