import { useEffect, useState } from 'preact/hooks';
import { verifyToken } from '../../lib/verify/index.ts';
import type { KeyEntry } from '../../lib/types.ts';

/** The decrypted text of a JWE when a stored key decrypts it (recomputed when the ring changes). */
export function useJwePlaintext(token: string, isJwe: boolean, keys: KeyEntry[]): string | undefined {
  const [plaintext, setPlaintext] = useState<{ token: string; text?: string }>({ token });
  useEffect(() => {
    if (!isJwe || keys.length === 0) {
      setPlaintext({ token });
      return;
    }
    let live = true;
    void verifyToken(token, keys).then((outcome) => {
      if (live) setPlaintext({ token, ...(typeof outcome.plaintext === 'string' ? { text: outcome.plaintext } : {}) });
    });
    return () => {
      live = false;
    };
  }, [token, isJwe, keys]);
  return plaintext.token === token ? plaintext.text : undefined;
}
