/** BroadcastChannel between the DevTools page and the panel page for DevTools' find bar. */
export const FIND_CHANNEL = 'jwt-lens-find';

/** DevTools' find bar over the panel: its text (search) or its closing (cancel), for one inspected tab. */
export interface FindRequest {
  tabId: number;
  action: 'search' | 'cancel';
  query: string;
}

/** A find request read back from the channel, or undefined when the message is not one. */
export function readFindRequest(data: unknown, tabId: number): FindRequest | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (d.tabId !== tabId || (d.action !== 'search' && d.action !== 'cancel') || typeof d.query !== 'string')
    return undefined;
  return { tabId, action: d.action, query: d.query };
}
