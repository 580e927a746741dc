// Benchmark peer for bench/token.sh: panva/oidc-provider (npm `oidc-provider@9`) issuing
// RS256-signed JWT access tokens for the client_credentials grant, on loopback only.
//
// bench/token.sh copies this file next to a fresh `npm install oidc-provider@9` and runs it
// pinned to the server core. Configuration as in our reference notes (bench-peers/peers.md §3):
// one confidential client `bench` / `benchsecret` (client_secret_basic), clientCredentials and
// resourceIndicators enabled, access tokens in JWT format signed RS256 with a 2048-bit key,
// default resource `urn:bench:api`. Endpoints: POST /token, GET /jwks.
//
// env: PORT (default 3001), HOST (default 127.0.0.1).
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const host = process.env.HOST || '127.0.0.1';
const port = Number.parseInt(process.env.PORT || '3001', 10);

function signingJwk() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };
}

const resourceServer = {
  scope: 'read write',
  audience: 'urn:bench:api',
  accessTokenFormat: 'jwt',
  accessTokenTTL: 3600,
  jwt: { sign: { alg: 'RS256' } },
};

const provider = new Provider(`http://${host}:${port}`, {
  clients: [
    {
      client_id: 'bench',
      client_secret: 'benchsecret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ],
  jwks: { keys: [signingJwk()] },
  scopes: ['openid', 'read', 'write'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:bench:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => resourceServer,
    },
  },
});

const server = provider.listen(port, host, () => {
  console.log(`oidc-provider peer: pid ${process.pid}, http://${host}:${port}/token`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
