/** Shared by the provider reliability suites: a provider with one known user, and "it still serves". */
import { expect } from 'vitest';
import { create, startProvider, userBody, type TestProvider } from '../../../provider/test-support.js';
import type { ProviderOptions } from '../../../provider/provider.js';

export interface Seeded {
  t: TestProvider;
  /** A user created before any hostile request. */
  userId: string;
}

/** `createProvider(options).listen(0)` with one user in it. */
export async function seededProvider(options: ProviderOptions = {}): Promise<Seeded> {
  const t = await startProvider(options);
  const user = await create(t.scim, '/Users', userBody('seeded@example.com'));
  return { t, userId: String(user.id) };
}

/** After a hostile request: the process answers, the earlier data is intact, and a new write works. */
export async function expectStillServing({ t, userId }: Seeded): Promise<void> {
  const config = await t.scim('GET', '/ServiceProviderConfig');
  expect(config.status, config.text).toBe(200);
  const seeded = await t.scim('GET', `/Users/${userId}`);
  expect(seeded.status, seeded.text).toBe(200);
  expect(seeded.body.userName).toBe('seeded@example.com');
  const later = await t.scim('POST', '/Users', { body: userBody(`later-${Math.random().toString(36).slice(2)}@example.com`) });
  expect(later.status, later.text).toBe(201);
}
