import { encodeBase64Url } from '../base64url.ts';
import type { SigningAlg } from './algs.ts';
import { jsonTextError, type JsonTextError } from './json-edit.ts';
import { fail, ok, type Result } from './result.ts';
import { signInput, type SigningKey } from './sign.ts';

/** How the signature segment is made: signed with a key, or given as text (forgeries). */
export type EncodeSigning =
  | { mode: 'sign'; alg: SigningAlg; key: SigningKey }
  /** The signature segment as given (base64url text, possibly empty); `trailingDot: false` with an empty signature gives `header.payload`. */
  | { mode: 'fixed'; signature: string; trailingDot: boolean };

/** What the encoder takes: header and payload as typed text, and how to sign. */
export interface EncodeInput {
  headerText: string;
  payloadText: string;
  signing: EncodeSigning;
}

/** An encoded compact token and its signing input (`header.payload`). */
export interface Encoded {
  token: string;
  signingInput: string;
  /** With `allowInvalidJson`: what is wrong with the header and payload text (empty when both are JSON objects). */
  jsonErrors?: JsonTextError[];
}

/** Options of {@link encodeToken}. */
export interface EncodeOptions {
  /** Encode header and payload text that is not a JSON object anyway (forging broken JSON on purpose); the errors come back in `jsonErrors`. */
  allowInvalidJson?: boolean;
  /**
   * With `allowInvalidJson`: the header's and payload's JSON problems the caller already found for
   * these very texts (an editor checks as the user types), so a megabyte payload is not scanned twice.
   */
  knownJsonErrors?: readonly JsonTextError[];
}

const utf8 = new TextEncoder();

/**
 * Encodes a compact JWS from header and payload text: each part is base64url of the UTF-8 bytes
 * exactly as typed (duplicate members, number spellings, escapes and whitespace survive), then
 * signed over that ASCII signing input or given a fixed signature. Text that is not a JSON object
 * is refused (`header-json` / `payload-json`) unless `allowInvalidJson`. Never throws.
 */
export async function encodeToken(input: EncodeInput, options: EncodeOptions = {}): Promise<Result<Encoded>> {
  const jsonErrors =
    options.allowInvalidJson && options.knownJsonErrors
      ? [...options.knownJsonErrors]
      : [jsonTextError(input.headerText, 'header'), jsonTextError(input.payloadText, 'payload')].filter(
          (e): e is JsonTextError => e !== undefined,
        );
  const first = jsonErrors[0];
  if (first && !options.allowInvalidJson) return fail(first.code, first.message);
  const extra = options.allowInvalidJson ? { jsonErrors } : {};
  const signingInput = `${encodeBase64Url(utf8.encode(input.headerText))}.${encodeBase64Url(utf8.encode(input.payloadText))}`;
  const { signing } = input;
  if (signing.mode === 'fixed') {
    const dot = signing.signature !== '' || signing.trailingDot ? '.' : '';
    return ok({ token: `${signingInput}${dot}${signing.signature}`, signingInput, ...extra });
  }
  const sig = await signInput(signing.alg, signing.key, signingInput);
  if (!sig.ok) return sig;
  return ok({ token: `${signingInput}.${encodeBase64Url(sig.value)}`, signingInput, ...extra });
}
