import type { FetchText } from '../../components/host.ts';

const MAX_BYTES = 2_000_000;

/** GETs a URL without cookies (the extension has <all_urls> host access); called only on a user's click. */
export const fetchText: FetchText = async (url) => {
  const res = await fetch(url, { credentials: 'omit', cache: 'no-store', redirect: 'follow' });
  const text = await res.text();
  return { status: res.status, text: text.length > MAX_BYTES ? text.slice(0, MAX_BYTES) : text };
};
