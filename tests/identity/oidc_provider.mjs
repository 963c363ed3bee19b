// A real OpenID Connect provider for the tests (the npm package oidc-provider), on 127.0.0.1.
//
//   node oidc_provider.mjs REDIRECT_URI CLIENT_ID CLIENT_SECRET
//
// It listens on a free port, then prints "READY <issuer>". Its development sign-in page takes any
// login: the login typed is the account, and its email claim. A login starting "unverified-"
// has email_verified false; one containing "+mfa" also says (amr) that a second factor was used.
import http from 'node:http';
import Provider from 'oidc-provider';

const [redirectUri, clientId, clientSecret] = process.argv.slice(2);
const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    async findAccount(ctx, id) {
      const email = id.replace(/^unverified-/, '').replace('+mfa', '');
      return {
        accountId: id,
        async claims() {
          return { sub: id, email, email_verified: !id.startsWith('unverified-'), name: email.split('@')[0] };
        },
      };
    },
    async loadExistingGrant(ctx) {
      // Consent is the organisation's to give: every scope asked is granted without a second page.
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
  });
  provider.on('server_error', (ctx, err) => console.error('server_error', err));
  // The id token's amr claim, for accounts that "used" a second factor at the provider.
  const { IdToken } = provider;
  const original = IdToken.prototype.issue;
  IdToken.prototype.issue = async function issue(...args) {
    if (String(this.available?.sub ?? '').includes('+mfa')) this.set('amr', ['pwd', 'mfa']);
    return original.apply(this, args);
  };
  server.on('request', provider.callback());
  console.log(`READY ${issuer}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
