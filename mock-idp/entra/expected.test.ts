/**
 * Entra's side of the full-sync attribute check: `entraProfile.mappedUser` (its create body from
 * `desiredView`) compared, with `mappedDifferences`, to the user the reference provider stores after Entra
 * pushed it; and, for the attributes Entra maps, agreeing with Entra's own `readView` of that user.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mappedDifferences } from '../../vocabulary/mapped.js';
import { ENTERPRISE, DOCKER, desiredView, readView, type MappingOptions } from './mapping.js';
import { entraProfile } from './profile.js';
import { DOCKER_HUB, idpHarness, type IdpHarness } from '../test-support.js';

let harness: IdpHarness | undefined;
afterEach(() => {
  harness?.close();
  harness = undefined;
});

async function pushed(settings: Record<string, unknown>, key = 'user1') {
  harness = idpHarness({ settings, directory: { seed: 5, users: 2, roles: { user1: 'owner' } }, provider: DOCKER_HUB });
  const outcome = await entraProfile.perform({ kind: 'fullSync', assigned: [key] }, harness.ctx);
  expect(outcome.ok).toBe(true);
  const id = harness.state.provisioned.get(key)!;
  const stored = structuredClone(harness.provider.store.get('User', id)!.data) as Record<string, unknown>;
  return { mapped: entraProfile.mappedUser!(key, harness.ctx)!, stored, user: harness.directory.get(key) };
}

describe('Entra: the mapped user against what the target stores', () => {
  it('finds no difference after Entra created the user, and agrees with its readView (default mappings)', async () => {
    const { mapped, stored, user } = await pushed({});
    expect(mapped[DOCKER]).toEqual({ dockerRole: 'owner' });
    expect(mappedDifferences(mapped, stored)).toEqual([]);
    const options: MappingOptions = { mappings: 'default', mapDockerRoles: true, externalIdFrom: 'mailNickname' };
    expect(readView(stored, options)).toEqual(desiredView(user, undefined, options));
  });

  it('accepts userName in another case; names a dropped enterprise or docker attribute by path', async () => {
    const { mapped, stored, user } = await pushed({});
    expect(mappedDifferences(mapped, { ...stored, userName: user.userName.toUpperCase() })).toEqual([]);
    const { [DOCKER]: _role, ...withoutRole } = stored;
    const drifted = { ...withoutRole, [ENTERPRISE]: { ...(stored[ENTERPRISE] as Record<string, unknown>), department: 'Elsewhere' } };
    expect(mappedDifferences(mapped, drifted)).toEqual([
      { path: `${ENTERPRISE}.department`, expected: user.department, actual: 'Elsewhere' },
      { path: `${DOCKER}.dockerRole`, expected: 'owner', actual: undefined },
    ]);
  });

  it("with Docker's mapping set expects only userName, name and the docker extension", async () => {
    const { mapped, stored, user } = await pushed({ attributeMappings: 'docker' });
    expect(Object.keys(mapped).filter((k) => k !== 'schemas' && k !== 'roles').sort()).toEqual(['name', 'userName', DOCKER].sort());
    expect(mappedDifferences(mapped, stored)).toEqual([]);
    expect(mappedDifferences(mapped, { ...stored, name: { familyName: user.familyName } })).toEqual([
      { path: 'name.givenName', expected: user.givenName, actual: undefined },
    ]);
  });
});
