/** The origin the provider names in Location, meta.location, `$ref` and the admin console's same-origin check. */
import { isIPv6, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/**
 * What the rule needs of a request: its socket, the scheme that reached it and its Host header. An express
 * `Request` is one as it is; a plain node:http request is one with {@link socketProtocol}.
 */
export interface OriginRequest {
  socket: Socket;
  protocol: string;
  headers: { host?: string | undefined };
}

/** `https` on a TLS socket, else `http`: what express's `req.protocol` says when no proxy is trusted. */
export function socketProtocol(socket: Socket): 'http' | 'https' {
  return (socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
}

/**
 * The origin for Location, meta.location and `$ref`: the Host header only when it names the address the
 * client connected to or the host of a configured public origin (then that origin, scheme included);
 * otherwise any client could have the provider hand out URLs pointing at a host of its choosing.
 */
export function publicOrigin(req: OriginRequest, allowed: ReadonlySet<string> | undefined): string {
  const local = localOrigin(req.socket, req.protocol);
  const host = req.headers.host;
  if (host === undefined) return local;
  const claimed = `${req.protocol}://${host.toLowerCase()}`;
  if (claimed === local || allowed?.has(claimed)) return claimed;
  // Behind a TLS-terminating proxy the socket speaks http while clients use https: a configured origin
  // is named by its host, whatever scheme reached the socket.
  const configured = allowed === undefined ? undefined : [...allowed].find((origin) => sameHost(origin, host));
  if (configured !== undefined) return configured;
  const port = req.socket.localPort;
  // `localhost` is the same loopback address under another name, and what most local clients send.
  if (isLoopback(req.socket.localAddress) && claimed === `${req.protocol}://localhost:${port}`) return claimed;
  return local;
}

/** What is remembered of a socket: its local origin, and the base URL last worked out for a Host naming it. */
interface SocketOrigin {
  protocol: string;
  origin: string;
  /** A Host header value seen on this socket that names {@link origin} itself, with the base URL answered for it. */
  host: string | undefined;
  basePath: string | undefined;
  baseUrl: string | undefined;
}

/**
 * A socket's local address never changes, and a keep-alive client sends many requests on one: its origin is
 * worked out once per socket and protocol (the cache goes with the socket).
 */
const socketOrigins = new WeakMap<Socket, SocketOrigin>();

function socketOrigin(socket: Socket, protocol: string): SocketOrigin {
  const cached = socketOrigins.get(socket);
  if (cached !== undefined && cached.protocol === protocol) return cached;
  const address = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const origin = `${protocol}://${isIPv6(address) ? `[${address}]` : address}:${socket.localPort ?? ''}`;
  const entry: SocketOrigin = { protocol, origin, host: undefined, basePath: undefined, baseUrl: undefined };
  // Before connecting (or after closing) a socket has no address yet: nothing to remember.
  if (socket.localPort !== undefined) socketOrigins.set(socket, entry);
  return entry;
}

function localOrigin(socket: Socket, protocol: string): string {
  return socketOrigin(socket, protocol).origin;
}

/**
 * `publicOrigin(req, allowed)` followed by `basePath`, remembered per socket in the usual case: a Host header
 * naming the address the client connected to, which a keep-alive client repeats on every request. That answer
 * is the local origin whatever the configured origins are (they can change while the socket is open), so it
 * stays right; any other Host is worked out afresh each time. Saves the lower-casing and string building a
 * request paid for (issue 12).
 */
export function publicBaseUrl(req: OriginRequest, allowed: ReadonlySet<string> | undefined, basePath: string): string {
  const local = socketOrigin(req.socket, req.protocol);
  const host = req.headers.host;
  if (host !== undefined && host === local.host && basePath === local.basePath) return local.baseUrl!;
  const baseUrl = `${publicOrigin(req, allowed)}${basePath}`;
  if (host !== undefined && `${req.protocol}://${host.toLowerCase()}` === local.origin) {
    local.host = host;
    local.basePath = basePath;
    local.baseUrl = baseUrl;
  }
  return baseUrl;
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && /^(127\.|::1$|::ffff:127\.)/.test(address);
}

/** Whether `origin` (`https://h[:port]`) names the host in a Host header, with or without its default port. */
function sameHost(origin: string, host: string): boolean {
  const url = new URL(origin);
  const given = host.toLowerCase();
  return given === url.host || given === `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`;
}
