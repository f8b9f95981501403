import { describe, expect, it } from 'vitest';
import { mountInProcess } from '../msw-adapter.js';
import { createProvider } from '../provider.js';

describe('recent requests', () => {
  it('records in-process (msw) traffic too, with the query as sent', async () => {
    const provider = createProvider({ token: 'log-test' });
    const mount = mountInProcess(provider.handler, provider.basePath);
    try {
      const res = await fetch(`${mount.baseUrl}/Users?filter=userName%20eq%20%22x%22`, {
        headers: { Authorization: 'Bearer log-test', 'User-Agent': 'OneLogin SCIM' },
      });
      expect(res.status).toBe(200);
      expect(provider.requests.list()).toMatchObject([
        { method: 'GET', path: '/scim/v2/Users?filter=userName%20eq%20%22x%22', status: 200, userAgent: 'OneLogin SCIM' },
      ]);
    } finally {
      mount.unmount();
    }
  });
});
