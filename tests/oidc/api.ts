import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, createRemoteJWKSet, EmbeddedJWK, jwtVerify, type JWK } from 'jose';

/** A running resource server. */
export interface TestApi {
  /** Its origin, which is also the resource indicator its access tokens name in `aud`. */
  url: string;
  /** How the requests it answered were authenticated, in order (`Bearer`, `DPoP`, or the refusal). */
  seen: string[];
  close(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port before the provider exists (the provider needs the API's URL). */
export async function reserveApi(): Promise<{ url: string; start(issuer: string, spaOrigin: string): TestApi }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, start: (issuer, spaOrigin) => serveApi(server, url, issuer, spaOrigin) };
}

function serveApi(server: ReturnType<typeof createServer>, url: string, issuer: string, spaOrigin: string): TestApi {
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const seen: string[] = [];
  const cors = {
    'Access-Control-Allow-Origin': spaOrigin,
    'Access-Control-Allow-Headers': 'authorization, dpop',
    'Access-Control-Allow-Methods': 'GET',
    'Access-Control-Expose-Headers': 'WWW-Authenticate',
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...cors });
    res.end(JSON.stringify(body));
  };
  server.on('request', (req, res) => {
    req.resume();
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return void res.end();
    }
    void (async () => {
      const auth = req.headers.authorization ?? '';
      const [scheme, token] = auth.split(' ', 2);
      try {
        if (!token || (scheme !== 'Bearer' && scheme !== 'DPoP')) throw new Error('no credential');
        const { payload } = await jwtVerify(token, jwks, { issuer, audience: url, typ: 'at+jwt' });
        const cnf = payload.cnf as { jkt?: string } | undefined;
        if (scheme === 'Bearer' && cnf?.jkt) throw new Error('a DPoP-bound token sent as Bearer');
        if (scheme === 'DPoP') {
          // RFC 9449 §4.3 and §7.1: the proof is signed by its own key, names this request and the token.
          const proofText = req.headers.dpop;
          if (typeof proofText !== 'string') throw new Error('no DPoP proof');
          const proof = await jwtVerify(proofText, EmbeddedJWK, { typ: 'dpop+jwt', maxTokenAge: '5m' });
          const p = proof.payload as { htm?: string; htu?: string; ath?: string; jti?: string };
          const htu = new URL(req.url ?? '/', url);
          if (p.htm !== req.method) throw new Error('DPoP htm');
          if (p.htu !== `${htu.origin}${htu.pathname}`) throw new Error('DPoP htu');
          if (!p.jti) throw new Error('DPoP jti');
          if (p.ath !== createHash('sha256').update(token).digest('base64url')) throw new Error('DPoP ath');
          if (cnf?.jkt !== (await calculateJwkThumbprint(proof.protectedHeader.jwk as JWK)))
            throw new Error('DPoP jkt');
        }
        seen.push(scheme);
        send(res, 200, { sub: payload.sub, scheme });
      } catch (e) {
        seen.push(`refused: ${(e as Error).message}`);
        send(res, 401, { error: 'invalid_token' });
      }
    })();
  });
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
