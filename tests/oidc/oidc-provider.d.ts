// The few parts of oidc-provider (which ships no types) that the test provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Grant {
    jti: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
  }
  interface GrantClass {
    new (init: { clientId: string; accountId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }
  /** The Koa context oidc-provider hands to its hooks. */
  export interface KoaContextWithOIDC {
    body: unknown;
    type: string;
    oidc: { provider: Provider };
  }
  type Hook<A extends unknown[] = []> = (ctx: KoaContextWithOIDC, ...args: A) => unknown;
  /** Provider configuration (only what the test sets is typed). */
  export interface Configuration {
    clients: Record<string, unknown>[];
    jwks: { keys: Record<string, unknown>[] };
    cookies: { keys: string[] };
    scopes: string[];
    claims: Record<string, string[]>;
    pkce: { required: () => boolean };
    issueRefreshToken: () => Promise<boolean>;
    clientBasedCORS: (ctx: KoaContextWithOIDC, origin: string) => boolean;
    findAccount: (
      ctx: KoaContextWithOIDC,
      sub: string,
    ) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> }>;
    features: Record<string, Record<string, unknown>>;
    renderError: Hook<[out: Record<string, unknown>, error: unknown]>;
    ttl: Record<string, number>;
  }
  /** The provider. */
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    Grant: GrantClass;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: 'server_error', listener: (ctx: KoaContextWithOIDC, error: unknown) => void): void;
    interactionDetails(
      req: IncomingMessage,
      res: ServerResponse,
    ): Promise<{
      uid: string;
      grantId?: string;
      session?: { accountId: string };
      params: Record<string, unknown>;
      prompt: {
        name: string;
        details: {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
      };
    }>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }
}
