import { describe, expect, it } from 'vitest';
import { readFindRequest } from '../../../lib/protocol/find-request.ts';

describe('readFindRequest', () => {
  it('reads a search or a cancel for the inspected tab', () => {
    expect(readFindRequest({ tabId: 7, action: 'search', query: 'alg:none' }, 7)).toEqual({
      tabId: 7,
      action: 'search',
      query: 'alg:none',
    });
    expect(readFindRequest({ tabId: 7, action: 'cancel', query: '' }, 7)?.action).toBe('cancel');
  });
  it('ignores another tab, unknown actions and malformed messages', () => {
    expect(readFindRequest({ tabId: 8, action: 'search', query: 'x' }, 7)).toBeUndefined();
    expect(readFindRequest({ tabId: 7, action: 'nextSearchResult', query: 'x' }, 7)).toBeUndefined();
    expect(readFindRequest({ tabId: 7, action: 'search', query: 1 }, 7)).toBeUndefined();
    expect(readFindRequest(null, 7)).toBeUndefined();
    expect(readFindRequest('search', 7)).toBeUndefined();
  });
});
