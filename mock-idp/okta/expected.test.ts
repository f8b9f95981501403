/**
 * Okta's side of the full-sync attribute check: `oktaProfile.mappedUser` (what its mappings write) compared,
 * with `mappedDifferences`, to the user the reference provider stores after Okta pushed it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mappedDifferences } from '../../vocabulary/mapped.js';
import { SCHEMA } from '../../vocabulary/constants.js';
import { oktaProfile } from '../okta.js';
import { DOCKER_HUB, idpHarness, type IdpHarness } from '../test-support.js';

let harness: IdpHarness | undefined;
afterEach(() => {
  harness?.close();
  harness = undefined;
});

/** Okta provisions `key` through its own flow; returns what it maps and (a copy of) what the target stores. */
async function pushed(settings: Record<string, unknown>, key = 'user1') {
  harness = idpHarness({ settings, directory: { seed: 3, users: 2, roles: { user1: 'editor' } }, provider: DOCKER_HUB });
  const outcome = await oktaProfile.perform({ kind: 'fullSync', assigned: [key] }, harness.ctx);
  expect(outcome.ok).toBe(true);
  const id = harness.state.provisioned.get(key)!;
  const stored = structuredClone(harness.provider.store.get('User', id)!.data) as Record<string, unknown>;
  return { mapped: oktaProfile.mappedUser!(key, harness.ctx)!, stored, user: harness.directory.get(key) };
}

describe('Okta: the mapped user against what the target stores', () => {
  it('finds no difference after Okta created the user (docker extension mapped)', async () => {
    const { mapped, stored } = await pushed({});
    expect(mapped[SCHEMA.dockerUser]).toEqual({ dockerRole: 'editor' });
    expect(mappedDifferences(mapped, stored)).toEqual([]);
  });

  it('accepts userName and email value in another case; names a dropped or changed mapped attribute by path', async () => {
    const { mapped, stored, user } = await pushed({});
    const normalised = { ...stored, userName: user.userName.toUpperCase(), emails: [{ value: user.email.toLowerCase(), type: 'work', primary: true }] };
    expect(mappedDifferences(mapped, normalised)).toEqual([]);
    const { [SCHEMA.dockerUser]: _dropped, ...withoutRole } = stored;
    const drifted = { ...withoutRole, name: { givenName: user.givenName, familyName: 'Drifted' } };
    expect(mappedDifferences(mapped, drifted)).toEqual([
      { path: 'name.familyName', expected: user.familyName, actual: 'Drifted' },
      { path: `${SCHEMA.dockerUser}.dockerRole`, expected: 'editor', actual: undefined },
    ]);
  });

  it('expects externalId only when mapped, and nothing when Update User Attributes is off', async () => {
    const { mapped, stored, user } = await pushed({ mappings: { externalId: true } });
    expect(mapped.externalId).toBe(user.externalId);
    expect(mappedDifferences(mapped, stored)).toEqual([]);
    const { externalId: _gone, ...withoutExternalId } = stored;
    expect(mappedDifferences(mapped, withoutExternalId)).toEqual([{ path: 'externalId', expected: user.externalId, actual: undefined }]);
    expect(oktaProfile.mappedUser!('user1', { ...harness!.ctx, settings: { provisioning: { updateAttributes: false } } })).toBeUndefined();
  });
});
