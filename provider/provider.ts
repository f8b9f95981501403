/**
 * Builds a reference provider: the profile model, store, services, access control and the core handler,
 * wired together. `createProvider` is what the CLI, the harness (embedded default target) and the tests use.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Express } from 'express';
import { AdminAuth } from './admin/admin-auth.js';
import { recordExchanges, RequestLog } from './admin/request-log.js';
import { createAdminRouter } from './admin/routes.js';
import { SignInLimit, type SignInLimitOptions } from './admin/sign-in-limit.js';
import { Organization, ScimAccess, type OrganizationOptions } from './auth.js';
import type { ProtocolLimits } from './discovery.js';
import { DEFECT_NAMES, findDefect } from './defects.js';
import { TOLERATE_ALL, type Tolerances } from './tolerances.js';
import { createExpressApp } from './express-adapter.js';
import { createRequestListener } from './http-adapter.js';
import { createHandler, type ScimHandler } from './handler.js';
import { DockerAccounts } from './docker/accounts.js';
import { createServices } from './docker/services.js';
import type { ResourceService } from './resources/service.js';
import { Persistence, restoredOrganization } from './persistence/persistence.js';
import { profileModel, type ProfileModel, type ProfileName } from './schemas/profiles.js';
import { Store } from './store.js';
import { passwordHasher } from './types/password.js';

export interface ProviderOptions {
  profile?: ProfileName;
  /** The bearer token, at least {@link MIN_TOKEN_LENGTH} characters; a random one when not given. */
  token?: string;
  /** Where the SCIM API is mounted. */
  basePath?: string;
  limits?: Partial<ProtocolLimits>;
  /** Docker Hub: the organization's verified domains; when given, `userName` must be on one of them. */
  verifiedDomains?: string[];
  /**
   * Docker Hub: emails of Docker accounts that exist outside the organization; a create for one assigns that
   * account (its id) to the organization instead of making a new one (Docker Hub API reference, audit D4).
   */
  existingAccounts?: string[];
  /** IdP quirks to accept; all on by default (provider/tolerances.ts). */
  tolerances?: Partial<Tolerances>;
  /** Commit one known deviation (see `provider/defects.ts`), for self-tests of the harness. */
  defect?: string;
  /** Wraps the finished handler (the harness injects faults with it); the core never sees it. */
  wrapHandler?: (handler: ScimHandler) => ScimHandler;
  /**
   * Docker Hub's organization security settings. Default: SSO configured, domain verified (the first of
   * `verifiedDomains`, else `example.com`), SCIM enabled, which is what every conformance run expects.
   */
  organization?: OrganizationOptions;
  /** The admin console's credential (HTTP Basic `admin:<credential>` or its login form); random when not given. */
  adminCredential?: string;
  /** Admin sign-in rate limit per client address; default 5 failures per minute (provider/admin/sign-in-limit.ts). */
  adminSignInLimit?: Pick<SignInLimitOptions, 'maxFailures' | 'windowMs'>;
  /** Serve the admin console at `/admin` (default true). */
  adminConsole?: boolean;
  /**
   * Keep users, groups, the organization's state and its token in this directory (`--data`): what it holds
   * wins over `token` and `organization`, which only seed a new one. Without it everything is in memory.
   */
  dataDir?: string;
  /**
   * Origins (`http://host:port`) besides the bound address that clients may name in their Host header and
   * see in Location and meta.location: a gateway or proxy that forwards Host unchanged.
   */
  publicOrigins?: string[];
}

export interface Provider {
  profile: ProfileModel;
  store: Store;
  access: ScimAccess;
  /** Prerequisites (SSO, verified domain) and the SCIM switch, driving `access`. */
  organization: Organization;
  /** The last 50 SCIM exchanges seen, plus the last 10 unauthenticated ones apart (admin console's "Recent requests"). */
  requests: RequestLog;
  /** The admin console's credential; never the SCIM token, never accepted by the SCIM API. */
  adminCredential: string;
  /** Docker Hub: Docker accounts outside the organization (`existingAccounts`) not yet assigned by a create. */
  accounts: DockerAccounts;
  /** The durable store (`dataDir`), with what its start-up check dropped (`notes`); close it after the server. */
  persistence: Persistence | undefined;
  /** `publicOrigins`, live: a gateway started after the provider adds its origin here. */
  publicOrigins: Set<string>;
  services: ResourceService[];
  handler: ScimHandler;
  basePath: string;
  limits: ProtocolLimits;
  /**
   * The whole provider as an express app (SCIM, `/admin`, SCIM 404s), for callers that mount it themselves;
   * `listen` serves SCIM without express and hands only `/admin` to this app.
   */
  app: Express;
  /** What `listen` serves: a node:http listener answering SCIM from `handler`, `/admin` through `app`. */
  listener: RequestListener;
  /** Starts listening on 127.0.0.1 (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<RunningProvider>;
}

export interface RunningProvider {
  /** The SCIM base URL, e.g. `http://127.0.0.1:8080/scim/v2`. */
  baseUrl: string;
  origin: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export const DEFAULT_LIMITS: ProtocolLimits = { maxOperations: 1000, maxPayloadSize: 1_048_576, maxResults: 200 };

/** A shorter bearer token is guessable, and an empty one would let anyone in; refused, whatever else is given. */
export const MIN_TOKEN_LENGTH = 16;

/** Throws a clear Error for a bearer token shorter than {@link MIN_TOKEN_LENGTH} (blanks around it not counted). */
export function checkTokenLength(token: string): void {
  const length = token.trim().length;
  if (length < MIN_TOKEN_LENGTH) {
    throw new Error(`The SCIM bearer token must be at least ${MIN_TOKEN_LENGTH} characters (got ${length}); omit it for a random one.`);
  }
}

export function createProvider(options: ProviderOptions = {}): Provider {
  if (options.token !== undefined) checkTokenLength(options.token);
  const profile = profileModel(options.profile ?? 'full');
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const store = new Store();
  const persistence = options.dataDir === undefined ? undefined : Persistence.open({ dir: options.dataDir, profile: profile.name });
  const saved = persistence?.savedOrganization();
  const access = new ScimAccess(saved?.token ?? options.token);
  const organization = new Organization(
    access,
    saved ? restoredOrganization(saved) : { ...options.organization, domain: options.organization?.domain ?? options.verifiedDomains?.[0] },
  );
  persistence?.load(store);
  persistence?.follow(store, organization);
  const requests = new RequestLog(50);
  const adminAuth = new AdminAuth(options.adminCredential);
  if (adminAuth.credential === access.currentToken) throw new Error('The admin credential must differ from the SCIM bearer token.');
  const defect = options.defect === undefined ? undefined : findDefect(options.defect);
  if (options.defect !== undefined && !defect) throw new Error(`Unknown defect '${options.defect}'; known: ${DEFECT_NAMES.join(', ')}.`);
  const tolerances: Tolerances = { ...TOLERATE_ALL, ...options.tolerances };
  for (const quirk of defect?.refuses ?? []) tolerances[quirk] = false;
  const rules = {
    tolerances,
    userNameIsEmail: profile.userNameIsEmail,
    verifiedDomains: (options.verifiedDomains ?? []).map((d) => d.toLowerCase()),
    defaultDockerRole: profile.dockerRoles,
    // A slow KDF only where the hashes reach the disk (provider/types/password.ts says why).
    passwordHasher: passwordHasher(persistence !== undefined),
  };
  if (options.existingAccounts?.length && !profile.docker) throw new Error(`existingAccounts models Docker accounts; profile '${profile.name}' has none.`);
  const accounts = new DockerAccounts(options.existingAccounts);
  const services: ResourceService[] = createServices(profile, store, rules, { maxResults: limits.maxResults }, { name: organization.name, accounts });
  const core = createHandler({ profile, services, access, limits });
  let handler = defect?.wrap ? defect.wrap(core, store) : core;
  if (persistence) handler = persistence.durable(handler);
  if (options.wrapHandler) handler = options.wrapHandler(handler);
  const basePath = options.basePath ?? '/scim/v2';
  handler = recordExchanges(handler, requests, basePath);
  const publicOrigins = new Set(options.publicOrigins?.map((origin) => new URL(origin).origin));
  const admin =
    options.adminConsole === false
      ? undefined
      : createAdminRouter({
          store,
          access,
          organization,
          requests,
          basePath,
          profileName: profile.name,
          auth: adminAuth,
          signInLimit: new SignInLimit(options.adminSignInLimit),
          publicOrigins,
        });
  const scim = { handler, basePath, maxPayloadSize: limits.maxPayloadSize, admits: (authorization: string | undefined) => admits(access, authorization), publicOrigins };
  const app = createExpressApp({ ...scim, admin });
  const listener = createRequestListener({ ...scim, admin: admin === undefined ? undefined : app });
  return {
    profile,
    store,
    access,
    organization,
    requests,
    adminCredential: adminAuth.credential,
    accounts,
    persistence,
    publicOrigins,
    services,
    handler,
    basePath,
    limits,
    app,
    listener,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        const server = createServer(listener).listen(port, host);
        server.once('error', reject);
        server.once('listening', () => {
          const address = server.address();
          const actual = typeof address === 'object' && address ? address.port : port;
          const origin = `http://${host}:${actual}`;
          resolve({
            baseUrl: `${origin}${basePath}`,
            origin,
            port: actual,
            server,
            close: () =>
              new Promise<void>((done, fail) => {
                server.closeAllConnections();
                server.close((err) => (err ? fail(err) : done()));
              }),
          });
        });
      }),
  };
}

/** Whether `access` lets a request with this Authorization header through (the adapter then reads its body). */
function admits(access: ScimAccess, authorization: string | undefined): boolean {
  try {
    access.authorize(authorization);
    return true;
  } catch {
    return false;
  }
}
