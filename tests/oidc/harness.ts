import { reserveApi, type TestApi } from './api.ts';
import { CLIENT_ID, SCOPE, startProvider, type TestProvider } from './op.ts';
import { reserveSpa, type TestSpa } from './spa.ts';

/** The OpenID Provider, the SPA and the API, each on its own 127.0.0.1 port. */
export interface OidcHarness {
  provider: TestProvider;
  spa: TestSpa;
  api: TestApi;
  close(): Promise<void>;
}

/** Starts the provider, the API and the SPA (free ports, all on 127.0.0.1). */
export async function startOidcHarness(): Promise<OidcHarness> {
  const [spaPort, apiPort] = await Promise.all([reserveSpa(), reserveApi()]);
  const provider = await startProvider({ spaOrigin: spaPort.origin, api: apiPort.url });
  const api = apiPort.start(provider.issuer, spaPort.origin);
  const spa = spaPort.start({ issuer: provider.issuer, clientId: CLIENT_ID, scope: SCOPE, api: api.url });
  return {
    provider,
    spa,
    api,
    close: async () => {
      await Promise.all([spa.close(), api.close(), provider.close()]);
    },
  };
}
