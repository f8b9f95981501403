/** The origin the provider names in Location, meta.location, `$ref` and the admin console's same-origin check. */
import { isIPv6, type Socket } from 'node:net';
import type { Request } from 'express';

/**
 * The origin for Location, meta.location and `$ref`: the Host header only when it names the address the
 * client connected to or the host of a configured public origin (then that origin, scheme included);
 * otherwise any client could have the provider hand out URLs pointing at a host of its choosing.
 */
export function publicOrigin(req: Request, allowed: ReadonlySet<string> | undefined): string {
  const local = localOrigin(req.socket, req.protocol);
  const host = req.get('host');
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

function localOrigin(socket: Socket, protocol: string): string {
  const address = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return `${protocol}://${isIPv6(address) ? `[${address}]` : address}:${socket.localPort ?? ''}`;
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
