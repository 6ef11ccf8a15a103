// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { CapturedToken, Sighting } from '../../../lib/capture/model.ts';
import { ath, dpopProof, halfHash, inTokenResponse, rs256, sentIn } from '../../lib/oauth/mint.ts';
import { memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const T = NOW / 1000 - 600;
const OP = 'https://op.example.com';
const API = 'https://api.example.com/orders';

afterEach(cleanup);

const entry = (token: string, sightings: Sighting[]): CapturedToken => ({
  token,
  firstSeen: Math.min(...sightings.map((s) => s.time)),
  lastSeen: Math.max(...sightings.map((s) => s.time)),
  count: sightings.length,
  sightings,
});

function capture() {
  const claims = { iss: OP, sub: 'alice', aud: 'https://api.example.com', client_id: 'spa', exp: T + 3600 };
  const first = rs256({ ...claims, iat: T }, { typ: 'at+jwt' });
  const second = rs256({ ...claims, iat: T + 300 }, { typ: 'at+jwt' });
  const id = rs256({
    iss: OP,
    sub: 'alice',
    aud: 'spa',
    nonce: 'n',
    iat: T,
    exp: T + 3600,
    at_hash: halfHash('RS256', first),
  });
  const proof = dpopProof({ jti: 'j', htm: 'GET', htu: API, iat: T + 10, ath: ath(first) });
  const tokens = [
    entry(id, [inTokenResponse('id_token', `${OP}/token`, T * 1000)]),
    entry(first, [
      inTokenResponse('access_token', `${OP}/token`, T * 1000),
      sentIn('Authorization', API, (T + 10) * 1000, { scheme: 'DPoP', requestId: 'r1' }),
    ]),
    entry(proof, [sentIn('DPoP', API, (T + 10) * 1000, { requestId: 'r1' })]),
    entry(second, [inTokenResponse('access_token', `${OP}/token`, (T + 300) * 1000)]),
  ];
  return { id, first, second, proof, tokens };
}

async function setup() {
  const c = capture();
  render(<App transport={memoryTransport(c.tokens)} clock={() => NOW} />);
  await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(4));
  return c;
}

const kinds = () => screen.getAllByTestId('token-row').map((r) => within(r).getByTestId('token-kind').dataset.kind);
const rowOf = (kind: string) =>
  screen.getAllByTestId('token-row').find((r) => within(r).getByTestId('token-kind').dataset.kind === kind)!;

describe('OAuth kinds in the panel', () => {
  it('badges each row with its kind, the reason as tooltip and accessible name', async () => {
    await setup();
    expect(kinds().sort()).toEqual(['access', 'access', 'dpop', 'id']);
    const badge = within(rowOf('dpop')).getByTestId('token-kind');
    expect(badge.getAttribute('title')).toBe('DPoP proof: typ dpop+jwt (RFC 9449)');
    expect(badge.getAttribute('aria-label')).toBe('DPoP proof: typ dpop+jwt (RFC 9449)');
    expect(badge.textContent).toBe('DPoP');
  });

  it('filters by kind:', async () => {
    await setup();
    const filter = screen.getByTestId('token-filter');
    fireEvent.input(filter, { target: { value: 'kind:id' } });
    await waitFor(() => expect(kinds()).toEqual(['id']));
    fireEvent.input(filter, { target: { value: 'kind:access' } });
    await waitFor(() => expect(kinds()).toEqual(['access', 'access']));
    fireEvent.input(filter, { target: { value: '-kind:access' } });
    await waitFor(() => expect(kinds().sort()).toEqual(['dpop', 'id']));
    fireEvent.input(filter, { target: { value: 'kind:jws' } });
    await waitFor(() => expect(kinds()).toHaveLength(4));
  });

  it('shows the kind in the detail and links related tokens; a link selects the token it names', async () => {
    await setup();
    fireEvent.click(rowOf('id'));
    const detail = await screen.findByTestId('token-detail');
    expect(within(detail).getByTestId('token-kind').dataset.kind).toBe('id');
    const link = await waitFor(() => {
      const l = within(screen.getByTestId('token-detail')).getAllByTestId('related-token');
      expect(l.map((x) => x.dataset.relation)).toEqual(['bound-access-token']);
      return l[0]!;
    });
    expect(link.textContent).toBe('Access token · alice');
    expect(link.tagName).toBe('BUTTON'); // Enter and Space activate it, as any button
    fireEvent.click(link);
    await waitFor(() =>
      expect(within(screen.getByTestId('token-detail')).getByTestId('token-kind').dataset.kind).toBe('access'),
    );
    const relations = within(screen.getByTestId('token-detail'))
      .getAllByTestId('related-token')
      .map((l) => l.dataset.relation)
      .sort();
    expect(relations).toEqual(['bound-id-token', 'proved-by', 'replaced-by']);
    const selected = screen.getAllByTestId('token-row').find((r) => r.getAttribute('aria-selected') === 'true')!;
    expect(within(selected).getByTestId('token-kind').dataset.kind).toBe('access');
  });

  it('shows a DPoP proof verified by its own key, its checks passed, and no generic alarms', async () => {
    await setup();
    fireEvent.click(rowOf('dpop'));
    await waitFor(() =>
      expect(within(screen.getByTestId('token-detail')).getByTestId('verification').textContent).toContain(
        'verified with its embedded key (DPoP proof)',
      ),
    );
    const detail = screen.getByTestId('token-detail');
    const checks = within(detail).getAllByTestId('binding-check');
    const passed = checks.filter((c) => c.dataset.status === 'pass').map((c) => c.dataset.rule);
    expect(passed).toEqual(
      expect.arrayContaining(['dpop-htm-mismatch', 'dpop-htu-mismatch', 'dpop-ath-mismatch', 'dpop-iat-stale']),
    );
    const rules = within(detail)
      .queryAllByTestId('finding')
      .map((f) => f.dataset.rule);
    for (const generic of ['exp-missing', 'iss-missing', 'aud-missing', 'embedded-key', 'long-lifetime'])
      expect(rules).not.toContain(generic);
    expect(
      within(detail)
        .getAllByTestId('related-token')
        .map((l) => l.dataset.relation),
    ).toEqual(['dpop-proof-for']);
  });
});
