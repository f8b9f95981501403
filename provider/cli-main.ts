/**
 * `npm run provider -- --port 8080 [--token T] [--profile full|docker-hub|docker-hub-legacy] [--domain example.com]`:
 * the reference provider on its own, for integrators and for manual exploration.
 */
import { parseArgs } from 'node:util';
import { DEFECT_NAMES } from './defects.js';
import { PROFILES, type ProfileName } from './schemas/profiles.js';
import { checkTokenLength, createProvider, type Provider } from './provider.js';

const USAGE = `Usage: npm run provider -- [--port 8080] [--host 127.0.0.1] [--token T] [--profile full|docker-hub|docker-hub-legacy] [--domain D]... [--locked] [--data DIR] [--public-origin URL]...

Starts the reference SCIM 2.0 provider and prints its SCIM base URL, bearer token and admin console.
  --port     TCP port (default 8080; 0 picks a free one)
  --host     address to bind (default 127.0.0.1)
  --token    bearer token to accept, at least 16 characters (default: a new random token)
  --profile  full (every RFC 7644 feature, Users and Groups), docker-hub (Docker Hub organization model:
             Groups are teams named <org>:<team>) or docker-hub-legacy (the same without Groups)
  --domain   a verified domain; with docker-hub, userName must be an email on one of them (repeatable)
  --existing-account  docker-hub: the email of a Docker account outside the organization; a create for it
             assigns that account instead of a new one (repeatable)
  --defect   commit one known deviation, to see the harness catch it: ${DEFECT_NAMES.join(', ')}
  --locked   start as a new organization: SSO not configured, domain not verified, SCIM off (set them in the console)
  --scim-off start with the prerequisites met but SCIM disabled
  --org      organization name (default acme); docker-hub group names are <org>:<team>
  --admin-credential  the admin console's credential (default: a new random one)
  --data     keep users, groups, the organization and its token in DIR across restarts (created when missing);
             every change is on disk before it is answered. What DIR holds wins over --token, --org, --locked
             and --scim-off, which only seed a new DIR. Without --data everything is in memory.
  --public-origin  an origin clients reach the provider by besides the bound address, such as a reverse
             proxy that forwards Host unchanged (https://scim.example.com); only such origins and the bound
             address appear in Location and meta.location, and only they pass the admin console's origin
             check (repeatable)`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        token: { type: 'string' },
        profile: { type: 'string', default: 'full' },
        domain: { type: 'string', multiple: true },
        'existing-account': { type: 'string', multiple: true },
        defect: { type: 'string' },
        locked: { type: 'boolean', default: false },
        'scim-off': { type: 'boolean', default: false },
        org: { type: 'string' },
        'admin-credential': { type: 'string' },
        data: { type: 'string' },
        'public-origin': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`provider: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`provider: --port must be a port number, got '${values.port}'.`);
    return 2;
  }
  if (!(PROFILES as readonly string[]).includes(values.profile)) {
    console.error(`provider: --profile must be one of ${PROFILES.join(', ')}, got '${values.profile}'.`);
    return 2;
  }
  if (values.defect !== undefined && !DEFECT_NAMES.includes(values.defect)) {
    console.error(`provider: unknown --defect '${values.defect}'; known: ${DEFECT_NAMES.join(', ')}.`);
    return 2;
  }
  if (values.token !== undefined) {
    try {
      checkTokenLength(values.token);
    } catch (error) {
      console.error(`provider: --token refused: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
      return 2;
    }
  }
  const publicOrigins = values['public-origin'] ?? [];
  const badOrigin = publicOrigins.find((origin) => originOf(origin) === undefined);
  if (badOrigin !== undefined) {
    console.error(`provider: --public-origin must be an http(s) origin such as https://scim.example.com:8443, got '${badOrigin}'.`);
    return 2;
  }
  let provider;
  try {
    provider = createProvider({
      profile: values.profile as ProfileName,
      token: values.token,
      verifiedDomains: values.domain ?? [],
      existingAccounts: values['existing-account'] ?? [],
      defect: values.defect,
      adminCredential: values['admin-credential'],
      dataDir: values.data,
      publicOrigins,
      organization: {
        name: values.org,
        ...(values.locked ? { ssoConfigured: false, domainVerified: false, scimEnabled: false } : {}),
        ...(values['scim-off'] ? { scimEnabled: false } : {}),
      },
    });
  } catch (error) {
    console.error(`provider: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  for (const note of provider.persistence?.notes ?? []) console.error(`provider: ${note}`);
  const running = await provider.listen(port, values.host);
  const org = provider.organization.state;
  console.log(`SCIM base URL: ${running.baseUrl}`);
  console.log(`Bearer token:  ${provider.access.currentToken}`);
  console.log(`Profile:       ${provider.profile.name}${values.defect ? ` (defect: ${values.defect})` : ''}`);
  if (provider.profile.docker) console.log(`Organization:  ${org.name}${provider.profile.docker.teams ? ` (groups are teams named ${org.name}:<team>)` : ' (no Groups)'}`);
  console.log(`SCIM:          ${org.scimEnabled ? 'enabled' : org.scimLocked ? `locked (${org.lockReasons.join('; ')})` : 'disabled'}`);
  console.log(`Admin console: ${running.origin}/admin`);
  console.log(`Admin credential: ${provider.adminCredential}  (sign in on the page, or HTTP Basic admin:<credential>)`);
  if (provider.persistence) console.log(`Data:          ${provider.persistence.dir} (${describeData(provider)})`);
  const stop = () => void running.close().then(() => provider.persistence?.close()).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

/** `https://host[:port]` from an origin without path, query or credentials; undefined for anything else. */
function originOf(text: string): string | undefined {
  let url;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return bare && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : undefined;
}

/** What a data directory holds now, e.g. `3 User, 1 Group`. */
function describeData(provider: Provider): string {
  return provider.profile.resourceTypes.map((t) => `${provider.store.count(t.type.name)} ${t.type.name}`).join(', ');
}
