/**
 * OneLogin's side of the full-sync attribute check: `oneloginProfile.mappedUser` (the rendered SCIM JSON
 * Template) compared, with `mappedDifferences`, to the user the reference provider stores after OneLogin
 * pushed it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mappedDifferences } from '../../vocabulary/mapped.js';
import { oneloginProfile } from '../onelogin.js';
import { idpHarness, type IdpHarness } from '../test-support.js';

let harness: IdpHarness | undefined;
afterEach(() => {
  harness?.close();
  harness = undefined;
});

async function pushed(settings: Record<string, unknown>, key = 'user1') {
  harness = idpHarness({ settings, directory: { seed: 4, users: 2 } });
  const outcome = await oneloginProfile.perform({ kind: 'fullSync', assigned: [key] }, harness.ctx);
  expect(outcome.ok).toBe(true);
  const id = harness.state.provisioned.get(key)!;
  const stored = structuredClone(harness.provider.store.get('User', id)!.data) as Record<string, unknown>;
  return { mapped: oneloginProfile.mappedUser!(key, harness.ctx)!, stored, user: harness.directory.get(key) };
}

const CUSTOM_TEMPLATE = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: '{$parameters.scimusername}',
  displayName: '{$user.display_name}',
  // OneLogin has a company field the directory never fills: it renders "" (no value, RFC 7643 §2.5).
  nickName: '{$user.company}',
  name: { givenName: '{$user.firstname}', familyName: '{$user.lastname}' },
  emails: [{ value: '{$user.email}', primary: true }],
};

describe('OneLogin: the rendered template against what the target stores', () => {
  it("finds no difference after OneLogin created the user with Docker's template", async () => {
    const { mapped, stored, user } = await pushed({});
    expect(mapped.userName).toBe(user.email);
    expect(mappedDifferences(mapped, stored)).toEqual([]);
  });

  it('accepts userName in another case; names a dropped or changed templated attribute by path', async () => {
    const { mapped, stored, user } = await pushed({});
    expect(mappedDifferences(mapped, { ...stored, userName: user.email.toUpperCase() })).toEqual([]);
    const drifted = { ...stored, name: { givenName: user.givenName }, emails: [{ value: 'other@example.com', primary: true }] };
    expect(mappedDifferences(mapped, drifted)).toEqual([
      { path: 'name.familyName', expected: user.familyName, actual: undefined },
      { path: `emails[value eq ${JSON.stringify(user.email)}]`, expected: { value: user.email, primary: true }, actual: drifted.emails },
    ]);
  });

  it('finds no difference with the v2 Enterprise template of vendor guides (O6): active, id and meta are not mapped values', async () => {
    const { mapped, stored } = await pushed({ template: 'enterprise-2.0' });
    expect(mappedDifferences(mapped, stored)).toEqual([]);
  });

  it('compares exactly the attributes a custom template writes; one rendered as "" expects nothing', async () => {
    const { mapped, stored, user } = await pushed({ template: CUSTOM_TEMPLATE });
    expect(mapped).toMatchObject({ displayName: user.displayName, nickName: '' });
    expect(mappedDifferences(mapped, stored)).toEqual([]);
    const { displayName: _dropped, ...withoutDisplayName } = stored;
    expect(mappedDifferences(mapped, withoutDisplayName)).toEqual([{ path: 'displayName', expected: user.displayName, actual: undefined }]);
  });
});
