import * as client from 'openid-client';
import type { Clock } from '../../domain/shared/clock.js';
import { discoveryError } from './upstream-errors.js';
import type { OidcSettings } from './settings.js';

/** The fetch openid-client calls; tests pass one that counts or fails requests. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

interface Entry {
  /** The connection's updated_at when discovered: an edit to the connection invalidates the entry. */
  updatedAt: string;
  fetchedAt: number;
  server: Promise<client.ServerMetadata>;
  /** The IdP's signing keys as openid-client last fetched them, carried between configurations. */
  jwks?: client.ExportedJWKSCache;
}

export interface DiscoveryCacheOptions {
  clock: Clock;
  fetch?: Fetch;
  /** How long discovered metadata is reused before asking the IdP again. */
  ttlSeconds: number;
}

/** A per-login openid-client Configuration plus a hook to keep the JWKS it fetched. */
export interface UpstreamConfiguration {
  config: client.Configuration;
  /** Saves the keys openid-client fetched so the next login does not fetch them again. */
  keepKeys(): void;
}

/** RFC 6749 §2.3.1 makes Basic the default every server supports; Post only when Basic is not offered. */
function clientAuth(server: client.ServerMetadata, secret: string): client.ClientAuth {
  const methods = server.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) return client.ClientSecretPost(secret);
  return client.ClientSecretBasic(secret);
}

/**
 * Discovery results per connection id, reused until the TTL ends or the connection's updated_at
 * changes. Metadata is cached rather than Configurations so each login gets the current clock and
 * client credentials. Process memory is fine here: it is a cache of public metadata, not login state.
 */
export function createDiscoveryCache(options: DiscoveryCacheOptions) {
  const entries = new Map<string, Entry>();
  const customFetch = options.fetch ? { [client.customFetch]: options.fetch as client.CustomFetch } : {};

  async function discover(settings: OidcSettings): Promise<client.ServerMetadata> {
    try {
      const found = await client.discovery(settings.discoveryUrl, settings.clientId, undefined, client.None(), {
        ...customFetch,
        timeout: 10,
      });
      // A plain JSON copy: serverMetadata() adds helper functions a later structuredClone would refuse.
      return JSON.parse(JSON.stringify(found.serverMetadata())) as client.ServerMetadata;
    } catch (err) {
      throw discoveryError(settings, err);
    }
  }

  function entryFor(settings: OidcSettings, updatedAt: string): Entry {
    const now = options.clock.now().getTime();
    const cached = entries.get(settings.connectionId);
    if (cached && cached.updatedAt === updatedAt && now - cached.fetchedAt < options.ttlSeconds * 1000) return cached;
    const entry: Entry = { updatedAt, fetchedAt: now, server: discover(settings) };
    entries.set(settings.connectionId, entry);
    // A failed discovery is not cached: the next login asks again.
    entry.server.catch(() => {
      if (entries.get(settings.connectionId) === entry) entries.delete(settings.connectionId);
    });
    return entry;
  }

  return {
    /** An openid-client Configuration for one login on this connection. */
    async configure(settings: OidcSettings, updatedAt: string): Promise<UpstreamConfiguration> {
      const entry = entryFor(settings, updatedAt);
      const server = await entry.server;
      // openid-client reads Date.now(); the skew makes its exp/iat/nbf checks follow the injected clock.
      const skew = Math.round((options.clock.now().getTime() - Date.now()) / 1000);
      const config = new client.Configuration(
        server,
        settings.clientId,
        { client_secret: settings.clientSecret, [client.clockSkew]: skew },
        clientAuth(server, settings.clientSecret),
      );
      config.timeout = 10;
      if (options.fetch) config[client.customFetch] = options.fetch as client.CustomFetch;
      if (entry.jwks) client.setJwksCache(config, entry.jwks);
      return {
        config,
        keepKeys: () => {
          entry.jwks = client.getJwksCache(config) ?? entry.jwks;
        },
      };
    },
    /** Drops a connection's entry, e.g. when it is deleted. */
    forget(connectionId: string): void {
      entries.delete(connectionId);
    },
  };
}

export type DiscoveryCache = ReturnType<typeof createDiscoveryCache>;
