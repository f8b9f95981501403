/** A real, independent SCIM 2.0 server to test the harness against: SCIMMY + scimmy-routers on express, in memory. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import express, { type NextFunction, type Request, type Response } from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

export interface ScimmyOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The bearer token every SCIM request must carry; random when omitted. */
  token?: string;
  /**
   * scimmy-routers casts `startIndex`/`count` to numbers by assigning into `req.query`, which Express 5 re-parses
   * on every access, so the cast is lost and SCIMMY silently pages from 1 by 20 (scimmy-routers issue #36; fine on
   * Express 4, which its peer range also allows). True (the default) gives the router a writable `req.query` as on
   * Express 4; false keeps the raw Express 5 behaviour, a server that ignores both paging parameters.
   */
  pagingShim?: boolean;
}

export interface ScimmyServer {
  /** e.g. `http://127.0.0.1:PORT/scim/v2` */
  baseUrl: string;
  token: string;
  close(): Promise<void>;
}

const MOUNT = '/scim/v2';
const ENTERPRISE_USER = SCIMMY.Schemas.EnterpriseUser.id;

/** A stored resource: its SCIM attributes as plain JSON, without `schemas` (SCIMMY derives those on egress). */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface Stored extends JsonObject {
  id: string;
  meta: { created: string; lastModified: string };
}

/** Per-server state, handed to SCIMMY's handlers as their context (SCIMMY itself is one global per process). */
class Store {
  readonly users = new Map<string, Stored>();
  readonly groups = new Map<string, Stored>();
}

type Kind = 'User' | 'Group';

function collection(store: Store, kind: Kind): Map<string, Stored> {
  return kind === 'User' ? store.users : store.groups;
}

function scimError(status: number, message: string, scimType: string | null = null): Error {
  // SCIMMY passes null for "no scimType" itself; its .d.ts types the parameter as a plain string.
  return new SCIMMY.Types.Error(status, scimType as string, message);
}

function notFound(id: string | undefined): Error {
  // SCIMMY's documented way to answer a missing resource (its handler examples throw exactly this).
  return scimError(404, `Resource ${id} not found`);
}

function storeOf(ctx: unknown): Store {
  if (!(ctx instanceof Store)) throw scimError(500, 'No store in request context');
  return ctx;
}

/** The SCIMMY schema instance as plain JSON, less what the server owns (id, meta) and what it derives (schemas). */
function attributesOf(instance: unknown): JsonObject {
  const { id: _id, meta: _meta, schemas: _schemas, ...rest } = JSON.parse(JSON.stringify(instance)) as JsonObject;
  return rest;
}

function userNameTaken(store: Store, userName: Json | undefined, exceptId: string | undefined): boolean {
  if (typeof userName !== 'string') return false;
  // userName is caseExact=false in RFC 7643, so "Bjensen" and "bjensen" are the same user.
  const wanted = userName.toLowerCase();
  for (const user of store.users.values()) {
    if (user.id !== exceptId && typeof user.userName === 'string' && user.userName.toLowerCase() === wanted) return true;
  }
  return false;
}

function ingress(kind: Kind) {
  return (resource: SCIMMY.Types.Resource, instance: SCIMMY.Types.Schema, ctx: unknown): Stored => {
    const store = storeOf(ctx);
    const items = collection(store, kind);
    const attributes = attributesOf(instance);
    const existing = resource.id === undefined ? undefined : items.get(resource.id);
    if (resource.id !== undefined && !existing) throw notFound(resource.id);
    if (kind === 'User' && userNameTaken(store, attributes.userName, resource.id)) {
      throw scimError(409, `userName ${String(attributes.userName)} is already in use`, 'uniqueness');
    }
    const now = new Date().toISOString();
    // PUT (and SCIMMY's PATCH, which reads, patches and writes back) replaces every attribute but id and created.
    const stored: Stored = {
      ...attributes,
      id: existing?.id ?? randomUUID(),
      meta: { created: existing?.meta.created ?? now, lastModified: now },
    };
    items.set(stored.id, stored);
    return structuredClone(stored);
  };
}

function egress(kind: Kind) {
  return (resource: SCIMMY.Types.Resource, ctx: unknown): Stored | Stored[] => {
    const items = collection(storeOf(ctx), kind);
    if (resource.id !== undefined) {
      const found = items.get(resource.id);
      if (!found) throw notFound(resource.id);
      return structuredClone(found);
    }
    const all = [...items.values()].map((item) => structuredClone(item));
    // The whole match goes back: SCIMMY's ListResponse does the sorting and the startIndex/count slicing itself.
    return resource.filter ? (resource.filter.match(all) as Stored[]) : all;
  };
}

function degress(kind: Kind) {
  return (resource: SCIMMY.Types.Resource, ctx: unknown): void => {
    const store = storeOf(ctx);
    if (resource.id === undefined || !collection(store, kind).delete(resource.id)) throw notFound(resource.id);
    if (kind === 'User') dropMemberships(store, resource.id);
  };
}

/** A deleted user stops being a member anywhere, as a real directory would keep it. */
function dropMemberships(store: Store, userId: string): void {
  for (const group of store.groups.values()) {
    const members = Array.isArray(group.members) ? group.members : [];
    const kept = members.filter((m) => !(m !== null && typeof m === 'object' && !Array.isArray(m) && m.value === userId));
    if (kept.length === members.length) continue;
    group.members = kept;
    group.meta.lastModified = new Date().toISOString();
  }
}

function hasEnterpriseExtension(): boolean {
  return SCIMMY.Schemas.User.definition.attributes.some(
    (a) => a instanceof SCIMMY.Types.SchemaDefinition && a.id === ENTERPRISE_USER,
  );
}

/** Declares Users (with the optional enterprise extension) and Groups; safe to repeat, as SCIMMY is process-global. */
function declareResources(): void {
  // Extending twice throws ("already declares extension"), so only the first server in a process extends.
  const extensions = hasEnterpriseExtension() ? [] : [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }];
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    ingress: ingress('User'),
    egress: egress('User'),
    degress: degress('User'),
    extensions,
  });
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, {
    ingress: ingress('Group'),
    egress: egress('Group'),
    degress: degress('Group'),
  });
}

/** Gives scimmy-routers an own, writable `req.query` (Express 4 semantics) so its paging cast sticks. */
function pagingShim(req: Request, _res: Response, next: NextFunction): void {
  Object.defineProperty(req, 'query', { value: { ...req.query }, writable: true, configurable: true, enumerable: true });
  next();
}

function scimRouter(token: string, store: Store): express.Router {
  return new SCIMMYRouters({
    type: 'bearer',
    handler: (req) => {
      // Any throw becomes scimmy-routers' own 401 response.
      if (req.header('authorization') !== `Bearer ${token}`) throw new Error('Missing or invalid bearer token');
      // The token is an IdP's, not a user's: no user id makes scimmy-routers answer /Me with 501, as RFC 7644 §3.11
      // allows. Its .d.ts insists on a string, though the router checks for one.
      return undefined as unknown as string;
    },
    context: () => store,
    // Absolute meta.location from the Host the client used (so a gateway in front sees its own address).
    baseUri: (req) => `${req.protocol}://${req.get('host') ?? 'localhost'}`,
  });
}

export async function startScimmy(options: ScimmyOptions = {}): Promise<ScimmyServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  declareResources();
  const app = express();
  if (options.pagingShim ?? true) app.use(MOUNT, pagingShim);
  app.use(MOUNT, scimRouter(token, new Store()));
  const server = await listen(app, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}${MOUNT}`, token, close: () => closeServer(server) };
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1');
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  // Keep-alive sockets from fetch would otherwise hold close() open until they time out.
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '0' }, token: { type: 'string' }, 'no-paging-shim': { type: 'boolean' } },
  });
  const server = await startScimmy({
    port: Number(values.port),
    ...(values.token === undefined ? {} : { token: values.token }),
    pagingShim: !values['no-paging-shim'],
  });
  console.log(server.baseUrl);
  if (values.token === undefined) console.error(`bearer token: ${server.token}`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
