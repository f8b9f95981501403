/** The in-process transport answers from a mounted provider's handler as a socket would, and nothing else. */
import { afterEach, describe, expect, it } from 'vitest';
import { mountInProcess, type InProcessMount } from '../../provider/msw-adapter.js';
import { createProvider } from '../../provider/provider.js';
import { InProcessTransport } from './in-process-transport.js';

const TOKEN = 'in-process-token-0123456789';
let mount: InProcessMount | undefined;
afterEach(() => mount?.unmount());

describe('InProcessTransport', () => {
  it('sends text and gets text back: status, lower-cased headers, the body as the socket adapter would serialise it', async () => {
    const provider = createProvider({ token: TOKEN });
    mount = mountInProcess(provider.handler, provider.basePath);
    const transport = new InProcessTransport();
    const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' });
    const created = await transport.send(
      { method: 'POST', url: `${mount.baseUrl}/Users`, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json' }, body },
      { timeoutMs: 1000 },
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.response.status).toBe(201);
    expect(created.response.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(created.response.headers.location).toMatch(new RegExp(`^${mount.baseUrl}/Users/`));
    expect(JSON.parse(created.response.body)).toMatchObject({ userName: 'ada@example.com' });

    const refused = await transport.send({ method: 'GET', url: `${mount.baseUrl}/Users`, headers: { AUTHORIZATION: 'Bearer wrong-token-0123456789' } }, { timeoutMs: 1000 });
    expect(refused.ok && refused.response.status).toBe(401);
  });

  it('cuts a body past the cap and marks where', async () => {
    const provider = createProvider({ token: TOKEN });
    mount = mountInProcess(provider.handler, provider.basePath);
    const res = await new InProcessTransport().send({ method: 'GET', url: `${mount.baseUrl}/Schemas`, headers: { authorization: `Bearer ${TOKEN}` } }, { timeoutMs: 1000, maxBodyBytes: 100 });
    expect(res.ok && res.response.truncatedAt).toBe(100);
    expect(res.ok && Buffer.byteLength(res.response.body)).toBeLessThanOrEqual(100);
  });

  it('answers a network error, sending nothing, for an origin no provider is mounted at', async () => {
    const res = await new InProcessTransport().send({ method: 'GET', url: 'http://p999.embedded.invalid/scim/v2/Users', headers: {} }, { timeoutMs: 1000 });
    expect(res).toMatchObject({ ok: false, error: { kind: 'network', message: 'No embedded provider is mounted at http://p999.embedded.invalid.' } });
  });
});
