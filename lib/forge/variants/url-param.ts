import { fail, ok, type Result } from '../result.ts';
import type { VariantParam } from './variant.ts';

/** The URL parameter of jku / x5u. */
export const URL_PARAM: VariantParam = {
  name: 'url',
  label: 'URL you host the key at',
  kind: 'url',
  required: true,
};

/** The given URL when it is absolute http(s); else a `variant-param` error. */
export function checkUrl(text: string | undefined): Result<string> {
  if (!text || text.trim() === '') return fail('variant-param', 'give the URL where you will host the key (https://…)');
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return fail('variant-param', `${JSON.stringify(text)} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail('variant-param', `the URL must be http(s), not ${url.protocol}`);
  return ok(text.trim());
}
