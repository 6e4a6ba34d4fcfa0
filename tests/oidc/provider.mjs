/**
 * A real OpenID Connect provider for Agora's tests (panva's oidc-provider).
 *
 * Usage: node provider.mjs --config FILE
 *
 * FILE is JSON: {"client_id", "client_secret", "redirect_uris": [...],
 * "accounts": {LOGIN: {"email", "email_verified", "name"}, ...},
 * "claims_in_userinfo": false}; the subject of
 * an account is "sub-" + LOGIN. One confidential client (client_secret_basic or
 * client_secret_post, authorization code with PKCE S256 required, scopes
 * openid email profile), whose ID tokens carry email, email_verified and name.
 *
 * Listens on 127.0.0.1 (port 0: any free one), with the issuer
 * http://127.0.0.1:PORT, and prints `ready PORT` once it accepts connections;
 * everything else goes to stderr. Sign-in is a plain HTML form, without
 * JavaScript: GET /interaction/UID shows it, POST /interaction/UID/login (field
 * `login`) signs in and consents to what the client asked for.
 *
 * POST /test/forge {"mode": MODE} (JSON or form) alters the ID token of the next
 * token response only, for the relying party's security tests: bad_signature,
 * wrong_audience, wrong_nonce, wrong_issuer or expired (all but the first
 * re-signed with the provider's real key); "none" undoes it. GET /test/forge
 * tells the mode waiting.
 *
 * Exits on SIGTERM, SIGINT, and when its stdin closes: a test keeps a pipe to
 * it, and the provider does not outlive a test that died.
 */

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { parseArgs } from 'node:util';

import * as jose from 'jose';
import Provider from 'oidc-provider';

// oidc-provider prints its notices with console.info: stdout is for `ready PORT` alone.
console.log = console.info = console.error;

const { values: args } = parseArgs({ options: { config: { type: 'string' } } });
if (!args.config) {
  console.error('usage: node provider.mjs --config FILE');
  process.exit(2);
}
const config = JSON.parse(fs.readFileSync(args.config, 'utf8'));

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

const FORGE_MODES = ['bad_signature', 'wrong_audience', 'wrong_nonce', 'wrong_issuer', 'expired'];
let forgeMode = 'none';

// The signing key: made at each start, as the relying party fetches it from /jwks.
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: config.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // The secret is also accepted in the form body (client_secret_post).
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingJwk] },
  scopes: ['openid', 'email', 'profile'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // By default the ID token carries email and name itself (as Keycloak's do); with
  // "claims_in_userinfo": true they come only from the userinfo endpoint (as
  // FranceConnect's do), which the relying party must then ask.
  conformIdTokenClaims: config.claims_in_userinfo === true,
  pkce: { methods: ['S256'], required: () => true }, // oidc-provider's default, spelled out
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // Plain http on 127.0.0.1: cookies without Secure. Names of their own, since
  // cookies do not tell ports apart and the relying party is on 127.0.0.1 too.
  cookies: {
    names: { session: 'oidc_session', interaction: 'oidc_interaction', resume: 'oidc_interaction_resume' },
    long: { httpOnly: true, sameSite: 'lax', secure: false },
    short: { httpOnly: true, sameSite: 'lax', secure: false },
    keys: [crypto.randomBytes(32).toString('hex')],
  },
  ttl: { AccessToken: 3600, AuthorizationCode: 600, IdToken: 3600, Interaction: 3600, Session: 86400, Grant: 86400 },
  clientBasedCORS: () => false,
  findAccount: (ctx, sub) => {
    const login = sub.startsWith('sub-') ? sub.slice(4) : undefined;
    const account = login !== undefined && Object.hasOwn(config.accounts, login) ? config.accounts[login] : undefined;
    if (!account) return undefined;
    return {
      accountId: sub,
      claims: () => ({ sub, email: account.email, email_verified: account.email_verified, name: account.name }),
    };
  },
  renderError: (ctx, out, error) => {
    console.error('error page:', out, error?.message);
    ctx.type = 'html';
    const text = Object.entries(out).map(([k, v]) => `<p>${escape(k)}: ${escape(v)}</p>`).join('');
    ctx.body = page('Error', `<h1>Error</h1>${text}`);
  },
});
provider.proxy = false;

for (const event of ['server_error', 'authorization.error', 'grant.error', 'userinfo.error', 'jwks.error']) {
  provider.on(event, (ctx, error) => console.error(`${event}:`, error?.message, error?.error_description ?? ''));
}

function escape(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} - Test OpenID provider</title></head>
<body><main>
${body}
</main></body>
</html>
`;
}

function signInPage(uid, error) {
  return page('Sign in', `<h1>Sign in</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">User name</label>
<input id="login" name="login" type="text" autocomplete="username" required autofocus>
<button type="submit">Sign in</button>
</form>`);
}

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((ctx.get('content-type') || '').includes('application/json')) return text ? JSON.parse(text) : {};
  return Object.fromEntries(new URLSearchParams(text));
}

// A grant of all the client asked for (scopes, and claims if any), as consent.
async function grantAll(interaction, accountId) {
  const { prompt, params } = interaction;
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(prompt.details.missingOIDCScope?.join(' ') ?? params.scope);
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

async function finish(ctx, result) {
  ctx.respond = false; // interactionFinished answers itself (303 to the authorization endpoint).
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
}

// GET /interaction/:uid, POST /interaction/:uid/login
async function interactions(ctx) {
  const [, , uid, action] = ctx.path.split('/');
  let interaction;
  try {
    interaction = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (error) {
    console.error('interaction:', error.message);
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = page('Error', `<h1>Error</h1><p>${escape(error.message)}</p>`);
    return;
  }
  if (interaction.uid !== uid) ctx.throw(400, 'interaction mismatch');
  const promptName = interaction.prompt.name;

  if (promptName === 'consent') {
    // Consent asked again (e.g. a new scope): given at once.
    const grantId = await grantAll(interaction, interaction.session.accountId);
    await finish(ctx, { consent: { grantId } });
    return;
  }
  if (promptName !== 'login') ctx.throw(400, `unexpected prompt ${promptName}`);

  if (ctx.method === 'GET' && action === undefined) {
    ctx.type = 'html';
    ctx.body = signInPage(uid);
    return;
  }
  if (ctx.method === 'POST' && action === 'login') {
    const { login } = await readBody(ctx);
    if (typeof login !== 'string' || !Object.hasOwn(config.accounts, login)) {
      ctx.type = 'html';
      ctx.body = signInPage(uid, 'Unknown user name.');
      return;
    }
    const accountId = `sub-${login}`;
    const grantId = await grantAll(interaction, accountId);
    await finish(ctx, { login: { accountId }, consent: { grantId } });
    return;
  }
  ctx.throw(404);
}

async function forgeEndpoint(ctx) {
  if (ctx.method === 'GET') {
    ctx.body = { mode: forgeMode };
    return;
  }
  if (ctx.method !== 'POST') ctx.throw(405);
  const { mode } = await readBody(ctx);
  forgeMode = FORGE_MODES.includes(mode) ? mode : 'none';
  console.error(`forge: next ID token ${forgeMode}`);
  ctx.status = 204;
}

async function forge(idToken, mode) {
  const [headerPart, payloadPart, signaturePart] = idToken.split('.');
  if (mode === 'bad_signature') {
    const signature = Buffer.from(signaturePart, 'base64url');
    signature[0] ^= 0xff;
    signature[signature.length - 1] ^= 0xff;
    return `${headerPart}.${payloadPart}.${signature.toString('base64url')}`;
  }
  const header = JSON.parse(Buffer.from(headerPart, 'base64url'));
  const payload = JSON.parse(Buffer.from(payloadPart, 'base64url'));
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'wrong_audience') payload.aud = 'someone-else';
  if (mode === 'wrong_nonce') payload.nonce = 'forged-nonce';
  if (mode === 'wrong_issuer') payload.iss = 'http://127.0.0.1:1';
  if (mode === 'expired') {
    payload.exp = now - 3600;
    payload.iat = now - 3600 - 60;
  }
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(header)
    .sign(privateKey);
}

provider.use(async (ctx, next) => {
  if (ctx.path.startsWith('/interaction/')) return interactions(ctx);
  if (ctx.path === '/test/forge') return forgeEndpoint(ctx);
  await next();
  if (ctx.path === '/token' && forgeMode !== 'none' && typeof ctx.body?.id_token === 'string') {
    const mode = forgeMode;
    forgeMode = 'none';
    ctx.body = { ...ctx.body, id_token: await forge(ctx.body.id_token, mode) };
    console.error(`forge: ID token sent ${mode}`);
  }
});

server.on('request', provider.callback());
process.stdout.write(`ready ${port}\n`);
