/**
 * A plain HTTP gateway in front of a SCIM target, as an integrator might have one: it forwards every
 * request unchanged (Host included, so the target's Location and meta.location point at the gateway and
 * the harness's clean-up comes back through it) and can hold the first clean-up DELETE of a run until the
 * test releases it. While it is held the run is still in progress with everything it provisioned at the
 * target, so a test can look at that state without racing the clean-up.
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HARNESS_USER_AGENT as HARNESS_UA } from '../harness/runner/session.js';

export interface Hold {
  /** Resolves when the run's first clean-up DELETE reached the gateway (and is being held). */
  reached: Promise<void>;
  /** Lets the held DELETE and everything after it through. */
  release(): void;
}

export interface Gateway {
  /** The gateway's origin, e.g. `http://127.0.0.1:PORT`. */
  origin: string;
  /** Holds the next clean-up DELETE (one with the harness's User-Agent) until released. */
  holdCleanup(): Hold;
  close(): Promise<void>;
}

export async function startGateway(targetOrigin: string): Promise<Gateway> {
  const target = new URL(targetOrigin);
  let pending: { reached: () => void; released: Promise<void> } | undefined;

  const pass = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const out = forward(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', (error) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`gateway: ${error.message}`);
    });
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const hold = pending;
      if (hold && req.method === 'DELETE' && req.headers['user-agent'] === HARNESS_UA) {
        pending = undefined;
        hold.reached();
        void hold.released.then(() => pass(req, res, body));
      } else pass(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    holdCleanup() {
      let reached!: () => void;
      let release!: () => void;
      const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      pending = { reached, released };
      return { reached: reachedPromise, release };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
