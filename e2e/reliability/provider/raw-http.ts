/** Raw HTTP/1.1 over node:net, for requests fetch refuses to send (absolute-form targets with bad hosts). */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `head` (request line and headers, CRLF-separated, without the blank line) plus `Connection: close`
 * and `body`, and reads until the server closes. A server that never answers (a crashed handler) fails the
 * test after `timeoutMs` rather than hanging it.
 */
export function sendRaw(port: number, head: string, body = '', timeoutMs = 5_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms to: ${head.split('\r\n')[0]}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const parsed = parseResponse(Buffer.concat(chunks).toString('utf8'));
      if (parsed) resolve(parsed);
      else reject(new Error(`the connection closed without an HTTP answer to: ${head.split('\r\n')[0]}`));
    });
    const length = Buffer.byteLength(body);
    socket.write(`${head}\r\nConnection: close\r\n${length > 0 ? `Content-Length: ${length}\r\n` : ''}\r\n${body}`);
  });
}

function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!Number.isInteger(status)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: text.slice(end + 4) };
}
