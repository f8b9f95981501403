/**
 * Lifecycle outcome checks run after every IdP action, whether or not the scenario has `expect` steps:
 * scenarios here have none, and each defect still fails the check about the state the IdP relies on.
 */
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../model.js';
import { keepDeleted, runBent, runWithDefect, verdict, type Bend } from './test-support.js';

const SCENARIOS: Record<string, string> = {
  'okta.yaml': `
name: Okta deactivates and reactivates, nothing asked
idp: okta
provider: { profile: docker-hub, verifiedDomains: [example.com] }
directory: { seed: 11, users: 2, roles: { user1: owner } }
steps:
  - assign: [user1, user2]
  - unassign: user1
  - reassign: user1
`,
  'onelogin.yaml': `
name: OneLogin deletes on unassign, nothing asked
idp: onelogin
settings: { onUnassign: delete }
directory: { seed: 12, users: 2 }
steps:
  - assign: [user1, user2]
  - unassign: user2
`,
  'entra-update.yaml': `
name: Entra pushes a role change and a department, nothing asked
idp: entra
provider: { profile: docker-hub, verifiedDomains: [example.com] }
directory: { seed: 13, users: 2, roles: { user2: editor } }
steps:
  - assign: [user1, user2]
  - update: { user: user2, set: { dockerRole: owner, familyName: Moreau } }
  - update: { user: user1, set: { department: Research } }
`,
  'okta-update-deactivated.yaml': `
name: Okta does not push an update of a deactivated user, so nothing is judged
idp: okta
directory: { seed: 14, users: 1 }
steps:
  - assign: user1
  - unassign: user1
  - update: { user: user1, set: { familyName: Moreau } }
  - reassign: user1
`,
  'entra-groups.yaml': `
name: Entra pushes, trims and deletes a group, nothing asked
idp: entra
settings: { provisionGroups: true }
directory: { seed: 15, users: 3 }
steps:
  - assign: [user1, user2, user3]
  - pushGroup: { name: Engineering, members: [user1, user2, user3] }
  - pushGroup: { name: Engineering, members: [user1] }
  - pushGroup: { name: Engineering, renameTo: Platform }
  - pushGroup: { name: Platform, delete: true }
`,
};

const run = (file: string, defect?: string) => runWithDefect(SCENARIOS[file]!, defect);
const runBentFile = (file: string, bend: Bend) => runBent(SCENARIOS[file]!, bend);

const readBacks = (exchanges: Exchange[]) => exchanges.filter((e) => / after the IdP (deactivated|reactivated|deleted) it$/.test(e.label)).map((e) => e.label);

describe('lifecycle outcome checks after every IdP action', () => {
  it('against the clean provider: deactivated reads back inactive, reactivated active with its attributes, deleted 404', async () => {
    const okta = await run('okta.yaml');
    expect(okta.status, okta.error).toBe('passed');
    expect(readBacks(okta.exchanges)).toEqual(['user1 after the IdP deactivated it', 'user1 after the IdP reactivated it']);
    expect(verdict(okta.checks, 'idp.deactivate.still-readable')).toMatchObject({ status: 'passed', passes: 1 });
    expect(verdict(okta.checks, 'idp.reassign.active')).toMatchObject({ status: 'passed', passes: 1 });
    expect(verdict(okta.checks, 'idp.reassign.attributes')).toMatchObject({ status: 'passed', passes: 1 });

    const onelogin = await run('onelogin.yaml');
    expect(onelogin.status, onelogin.error).toBe('passed');
    expect(readBacks(onelogin.exchanges)).toEqual(['user2 after the IdP deleted it']);
    expect(verdict(onelogin.checks, 'idp.delete.gone')).toMatchObject({ status: 'passed', passes: 1 });
  });

  it('a target that deletes on deactivation fails idp.deactivate.still-readable', async () => {
    const okta = await run('okta.yaml', 'deactivate-deletes');
    expect(okta.status).toBe('failed');
    expect(verdict(okta.checks, 'idp.deactivate.still-readable').messages).toEqual([
      expect.stringMatching(/^user1 was deactivated by the IdP but GET \/Users\/\S+ answered 404; the IdP expects the user kept with active false\.$/),
    ]);
  });

  it('a target that rebuilds a reactivated user fails idp.reassign.attributes, naming what was lost', async () => {
    const okta = await run('okta.yaml', 'reactivate-resets');
    expect(okta.status).toBe('failed');
    expect(verdict(okta.checks, 'idp.reassign.active')).toMatchObject({ status: 'passed' });
    const [message] = verdict(okta.checks, 'idp.reassign.attributes').messages;
    expect(message).toMatch(/^user1 lost attributes on reactivation: /);
    expect(message).toContain('name.givenName was');
    expect(message).toContain('.dockerRole was "owner"');
  });

  it('after a pushed update: the changed values and the new role, each under its own check', async () => {
    const clean = await run('entra-update.yaml');
    expect(clean.status, clean.error).toBe('passed');
    expect(clean.exchanges.filter((e) => e.label.endsWith('after the IdP pushed its update')).map((e) => e.label)).toEqual([
      'user2 after the IdP pushed its update',
      'user1 after the IdP pushed its update',
    ]);
    // Each create is judged too: user2's role (editor) and both users' mapped values; then the two updates.
    expect(verdict(clean.checks, 'idp.roles.docker-role')).toMatchObject({ status: 'passed', passes: 2 });
    expect(verdict(clean.checks, 'idp.update.attributes')).toMatchObject({ status: 'passed', passes: 4 });

    const roleless = await run('entra-update.yaml', 'ignore-docker-role');
    expect(verdict(roleless.checks, 'idp.roles.docker-role').messages).toEqual([
      'user2 after its create: urn:ietf:params:scim:schemas:extension:docker:2.0:User.dockerRole expected "editor", got "member".',
      'user2 after the update: urn:ietf:params:scim:schemas:extension:docker:2.0:User.dockerRole expected "owner", got "member".',
    ]);
    expect(verdict(roleless.checks, 'idp.update.attributes')).toMatchObject({ status: 'passed', passes: 4 });

    // Entra writes the department by its enterprise URN path; a target that drops such paths keeps the old value.
    const urnless = await run('entra-update.yaml', 'ignore-urn-paths');
    expect(verdict(urnless.checks, 'idp.update.attributes').messages).toEqual([
      expect.stringMatching(/^user1 after the update: urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User\.department expected "Research", got "(?!Research")[^"]*"\.$/),
    ]);
  });

  it('judges nothing the IdP did not push: Okta sends no update for a deactivated user', async () => {
    const okta = await run('okta-update-deactivated.yaml');
    expect(okta.status, okta.error).toBe('passed');
    expect(readBacks(okta.exchanges)).toEqual(['user1 after the IdP deactivated it', 'user1 after the IdP reactivated it']);
    expect(okta.exchanges.some((e) => e.label.endsWith('after the IdP pushed its update'))).toBe(false);
    // The change made while deactivated is not the target's to hold yet, so the reactivation is judged without it.
    expect(verdict(okta.checks, 'idp.reassign.attributes')).toMatchObject({ status: 'passed', passes: 1 });
  });

  it('after each group push: exactly the pushed members under the pushed name, and gone once deleted', async () => {
    const clean = await run('entra-groups.yaml');
    expect(clean.status, clean.error).toBe('passed');
    // Group names carry the scenario's run tag at the target, so runs never share a group.
    const untagged = (label: string) => label.replace(/ sc-[a-z0-9]+-\d+/, '');
    expect(clean.exchanges.filter((e) => /^group .* after the IdP/.test(e.label)).map((e) => untagged(e.label))).toEqual([
      'group Engineering after the IdP pushed it',
      'group Engineering after the IdP pushed it',
      'group Platform after the IdP pushed it',
      'group Platform after the IdP deleted it',
    ]);
    expect(clean.exchanges.find((e) => e.label.startsWith('group '))?.label).toMatch(/^group Engineering sc-[a-z0-9]+-1 after/);
    expect(verdict(clean.checks, 'idp.groups.members')).toMatchObject({ status: 'passed', passes: 4 });

    // Entra removes user2 and user3 in one PATCH with a value list (audit E9); a target that empties the group instead.
    const emptied = await run('entra-groups.yaml', 'remove-all-members');
    expect(verdict(emptied.checks, 'idp.groups.members').messages.map(untagged)).toEqual(['Group Engineering lacks the pushed members user1.', 'Group Platform lacks the pushed members user1.']);
  });

  it('a target that answers DELETE /Groups 204 but keeps the group fails idp.groups.members', async () => {
    const result = await runBentFile('entra-groups.yaml', keepDeleted('/Groups/'));
    expect(verdict(result.checks, 'idp.groups.members').messages).toEqual([
      expect.stringMatching(/^Group Platform sc-\w+-1 was deleted by the IdP but GET \/Groups\/\S+ answered 200, not 404\.$/),
    ]);
  });

  it('after a create: the user reads back by its id with every value the IdP mapped', async () => {
    const clean = await run('onelogin.yaml');
    expect(clean.exchanges.filter((e) => e.label.endsWith('after the IdP provisioned it')).map((e) => e.label)).toEqual([
      'user1 after the IdP provisioned it',
      'user2 after the IdP provisioned it',
    ]);
    expect(verdict(clean.checks, 'idp.assign.exists')).toMatchObject({ status: 'passed', passes: 2 });
    expect(verdict(clean.checks, 'idp.update.attributes')).toMatchObject({ status: 'passed', passes: 2 });

    // A target that answers 201 with the body it was sent but stores the user without its name.
    const dropName: Bend = (handler) => (request) => {
      if (request.method !== 'POST' || request.path !== '/Users' || request.body === undefined) return handler(request);
      const { name: _name, ...rest } = JSON.parse(request.body) as Record<string, unknown>;
      return handler({ ...request, body: JSON.stringify(rest) });
    };
    const messages = verdict((await runBentFile('onelogin.yaml', dropName)).checks, 'idp.update.attributes').messages;
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^user1 after its create: name\.givenName expected "[^"]+", got absent; name\.familyName expected "[^"]+", got absent\.$/);
  });

  it('a target that answers DELETE 204 but keeps the user fails idp.delete.gone', async () => {
    const result = await runBentFile('onelogin.yaml', keepDeleted('/Users/'));
    expect(verdict(result.checks, 'idp.delete.gone').messages).toEqual([
      expect.stringMatching(/^user2 was deleted by the IdP but GET \/Users\/\S+ answered 200, not 404\.$/),
    ]);
  });
});
