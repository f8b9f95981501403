/**
 * A conformance tool is only as good as what it catches: every suite runs against the clean reference
 * provider (everything passes) and against each known defect (exactly the checks that name the defect
 * fail, and the scenarios that exercise it fail). In-process, so the sweep takes seconds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFECT_NAMES } from '../provider/defects.js';
import type { Scenario } from './scenario/index.js';
import { loadSuites, runAgainst } from './self-test.js';

/** Per defect: the exact set of failing checks, and scenarios that must be among the failing ones. */
const EXPECTED: Record<string, { checks: string[]; scenarios: string[] }> = {
  'no-location': { checks: ['rfc7644.create.location'], scenarios: ['scenarios/core/crud.yaml'] },
  // Every IdP reads a 200 to its POST as a failed create, so each flow's end state fails after it.
  'create-200': {
    checks: [
      'idp.deactivate.still-readable',
      'idp.delete.gone',
      'idp.groups.members',
      'idp.reassign.active',
      'idp.roles.docker-role',
      'idp.update.attributes',
      'rfc7644.create.status',
    ],
    scenarios: ['scenarios/core/crud.yaml', 'scenarios/okta/create-assign.yaml'],
  },
  'etag-mismatch': { checks: ['rfc7643.meta.version'], scenarios: ['scenarios/core/etags.yaml'] },
  // The filter still returns only matching users, so no single exchange shows it; a lookup in another
  // case finds nothing and the IdP creates a duplicate (409) instead of linking.
  'case-sensitive-username': {
    checks: ['idp.assign.exists'],
    scenarios: ['scenarios/core/filters.yaml', 'scenarios/okta/quirk-409-existing.yaml', 'scenarios/onelogin/link-existing.yaml'],
  },
  'ignore-start-index': { checks: ['rfc7644.pagination.start-index'], scenarios: ['scenarios/core/pagination.yaml'] },
  'return-password': {
    checks: ['rfc7643.schema.returned-never', 'rfc7643.schema.write-only', 'rfc7643.user.password'],
    scenarios: ['scenarios/core/attributes.yaml'],
  },
  // entra/quirk-on-demand-ignores-flag: provision on demand links an inactive user with "Replace" ops (E1), so it stays inactive.
  'refuse-capitalized-op': {
    checks: [
      'idp.assign.exists',
      'idp.deactivate.still-readable',
      'idp.full-sync.assigned',
      'idp.full-sync.attributes',
      'idp.groups.members',
      'idp.reassign.active',
      'idp.roles.docker-role',
      'idp.update.attributes',
    ],
    scenarios: ['scenarios/core/patch.yaml', 'scenarios/entra/quirk-capitalized-ops.yaml'],
  },
  // entra/quirk-on-demand-ignores-flag: even a flagged tenant's provision on demand sends "True" (E1).
  'refuse-string-booleans': {
    checks: ['idp.assign.exists', 'idp.deactivate.still-readable', 'idp.full-sync.assigned', 'idp.full-sync.attributes', 'idp.reassign.active', 'idp.update.attributes'],
    // OneLogin's v2 Enterprise template (O6) sends active as "true"/"false" on every create and PUT.
    scenarios: [
      'scenarios/core/patch.yaml',
      'scenarios/entra/quirk-string-booleans.yaml',
      'scenarios/onelogin/quirk-enterprise-v2-template.yaml',
      'scenarios/entra/quirk-on-demand-ignores-flag.yaml',
    ],
  },
  // Without the Error schema and a string status, scimType-based checks cannot pass either.
  'bad-error-body': {
    checks: ['rfc7644.create.uniqueness', 'rfc7644.errors.status', 'rfc7644.errors.valid', 'rfc7644.filter.invalid-filter'],
    scenarios: ['scenarios/core/errors.yaml'],
  },
  // A 201 for a duplicate looks like any 201: only the scenario, which knows it was a duplicate, can tell.
  'no-uniqueness': { checks: [], scenarios: ['scenarios/core/errors.yaml'] },
  'no-www-authenticate': { checks: ['rfc7644.auth.www-authenticate'], scenarios: ['scenarios/core/auth.yaml'] },
  // A group push naming a user the target deleted on deactivation fails too (entra/quirk-aadoptscim062020).
  'deactivate-deletes': {
    checks: ['idp.assign.exists', 'idp.deactivate.still-readable', 'idp.groups.members', 'idp.reassign.active'],
    scenarios: ['scenarios/core/deactivate.yaml', 'scenarios/entra/soft-delete.yaml', 'scenarios/okta/deactivate-unassign.yaml'],
  },
  'ignore-deactivate': {
    checks: ['idp.deactivate.still-readable', 'idp.full-sync.deprovisioned'],
    scenarios: ['scenarios/core/deactivate.yaml', 'scenarios/okta/full-sync-50-users.yaml', 'scenarios/entra/full-sync.yaml'],
  },
  // Judged after every reactivation without the scenario asking (harness/runner/lifecycle.ts); the role and the
  // attributes a later update or sync expects are gone too.
  'reactivate-resets': {
    checks: ['idp.full-sync.attributes', 'idp.reassign.attributes', 'idp.roles.docker-role', 'idp.update.attributes'],
    scenarios: ['scenarios/entra/reactivate.yaml', 'scenarios/okta/reactivate-reassign.yaml', 'scenarios/onelogin/reactivate.yaml'],
  },
  'ignore-docker-role': {
    checks: ['idp.roles.docker-role'],
    scenarios: ['scenarios/okta/docker-role-mapping.yaml', 'scenarios/onelogin/role-mapping.yaml', 'scenarios/entra/docker-guide.yaml'],
  },
  // Each tolerance the provider drops makes the IdP quirk scenario that relies on it fail.
  'refuse-filter-upsert': {
    checks: ['idp.assign.exists', 'idp.full-sync.assigned', 'idp.full-sync.attributes', 'idp.reassign.active', 'idp.update.attributes'],
    scenarios: ['scenarios/entra/quirk-value-filter-paths.yaml', 'scenarios/entra/full-sync.yaml'],
  },
  'refuse-manager-string': { checks: [], scenarios: ['scenarios/entra/quirk-manager-string.yaml'] },
  // docker/entra-group-provisioning also reads the team back on a member's `groups` (idp.update.attributes).
  'remove-all-members': {
    checks: ['idp.groups.members', 'idp.update.attributes'],
    scenarios: ['scenarios/entra/quirk-remove-members-list.yaml'],
  },
  'refuse-manager-filter-remove': { checks: [], scenarios: ['scenarios/entra/quirk-manager-remove-filter.yaml'] },
  'refuse-path-keys': { checks: ['idp.reassign.active', 'idp.update.attributes'], scenarios: ['scenarios/entra/quirk-aadoptscim062020.yaml'] },
  'refuse-readonly-echo': { checks: ['idp.groups.members'], scenarios: ['scenarios/okta/quirk-group-rename-no-path.yaml'] },
  // Every Okta body carries the charset parameter, so every Okta flow breaks.
  'refuse-charset': {
    // Okta and, since E4, Entra send `application/scim+json; charset=utf-8`.
    checks: ['idp.assign.exists', 'idp.deactivate.still-readable', 'idp.full-sync.assigned', 'idp.full-sync.attributes', 'idp.groups.members', 'idp.reassign.active', 'idp.update.attributes'],
    scenarios: ['scenarios/okta/quirk-content-type-charset.yaml', 'scenarios/okta/create-assign.yaml', 'scenarios/entra/provision-on-demand.yaml'],
  },
  'refuse-add-active': { checks: ['idp.deactivate.still-readable'], scenarios: ['scenarios/entra/quirk-deprovision-add.yaml'] },
  'refuse-json-content-type': { checks: ['idp.assign.exists'], scenarios: ['scenarios/onelogin/quirk-custom-headers.yaml'] },
  'filter-plus-as-space': { checks: ['idp.assign.exists'], scenarios: ['scenarios/okta/quirk-filter-encoding.yaml'] },
  'refuse-empty-members': {
    checks: ['idp.groups.members'],
    scenarios: ['scenarios/okta/quirk-group-empty-members.yaml', 'scenarios/okta/group-push.yaml'],
  },
  'require-patch-path': {
    checks: ['idp.deactivate.still-readable', 'idp.groups.members', 'idp.reassign.active', 'idp.update.attributes'],
    // Okta's OIN app deactivates and renames groups without a path (S1); its wizard app sends PUTs.
    scenarios: ['scenarios/okta/quirk-patch-no-path.yaml', 'scenarios/okta/group-push-oin.yaml', 'scenarios/entra/quirk-aadoptscim062020.yaml'],
  },
  // No IdP sends a path-less replace of part of a complex attribute (Okta never PATCHes a profile: S1, S5), so only
  // the core PATCH scenario's own expectation catches it.
  'replace-whole-complex': { checks: [], scenarios: ['scenarios/core/patch.yaml'] },
  'ignore-urn-paths': {
    checks: ['idp.full-sync.attributes', 'idp.roles.docker-role', 'idp.update.attributes'],
    scenarios: ['scenarios/entra/quirk-enterprise-urn-paths.yaml', 'scenarios/entra/update-attributes.yaml', 'scenarios/entra/docker-guide.yaml'],
  },
  'first-op-only': {
    checks: ['idp.assign.exists', 'idp.full-sync.assigned', 'idp.full-sync.attributes', 'idp.groups.members', 'idp.reassign.active', 'idp.roles.docker-role', 'idp.update.attributes'],
    // Okta's OIN app removes members by value filter and adds them in one PATCH (S1, S7).
    scenarios: ['scenarios/entra/quirk-multi-op.yaml', 'scenarios/entra/update-attributes.yaml', 'scenarios/okta/quirk-group-remove-members-filter.yaml'],
  },
  // The authentik bug (S7): every IdP that removes members by value filter leaves them in the group.
  'ignore-member-filter-remove': {
    checks: ['idp.groups.members'],
    scenarios: [
      'scenarios/docker/group-mapping.yaml',
      'scenarios/core/patch.yaml',
      'scenarios/entra/quirk-aadoptscim062020.yaml',
      'scenarios/okta/group-push-oin.yaml',
      'scenarios/okta/quirk-group-remove-members-filter.yaml',
      'scenarios/onelogin/groups.yaml',
    ],
  },
  // Too lax rather than too strict: the misconfigured template provisions, which only the scenario knows is wrong.
  'accept-unknown-schemas': { checks: [], scenarios: ['scenarios/onelogin/quirk-enterprise-template.yaml', 'scenarios/onelogin/quirk-core-template.yaml'] },
  'put-merges': { checks: ['idp.update.attributes'], scenarios: ['scenarios/onelogin/quirk-put-full-replace.yaml', 'scenarios/core/crud.yaml'] },
  // OneLogin's v2 Enterprise template renders manager.value "" for a user without a manager: its create fails, so
  // the suspend and reactivation that follow find no user.
  'refuse-empty-strings': {
    checks: ['idp.assign.exists', 'idp.deactivate.still-readable', 'idp.reassign.active'],
    scenarios: ['scenarios/onelogin/quirk-template-missing-value.yaml', 'scenarios/onelogin/quirk-enterprise-v2-template.yaml'],
  },
  'wrong-content-type': { checks: ['rfc7644.media.accept'], scenarios: ['scenarios/core/crud.yaml'] },
};

/**
 * Quirks of the IdP's own behaviour, not of what it sends: the harness injects the 429 (scenario `faults`)
 * in front of the provider, so no provider defect can make the retry fail; the scenarios check the IdP
 * profile waits and resends exactly the throttled request.
 */
const IDP_SIDE_QUIRKS = new Set(['scenarios/okta/quirk-429-retry.yaml', 'scenarios/entra/quirk-429-retry.yaml']);

describe('self-test: the suites against the reference provider and its defects', () => {
  let scenarios: Scenario[];

  beforeAll(async () => {
    scenarios = await loadSuites(['scenarios']);
  });

  it('every defect has an expectation here', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...DEFECT_NAMES].sort());
  });

  it('every IdP quirk scenario is made to fail by some defect (the provider stops tolerating that quirk)', () => {
    const caught = new Set(Object.values(EXPECTED).flatMap((e) => e.scenarios));
    const quirks = scenarios.map((s) => s.file).filter((file) => /\/quirk-[^/]+\.yaml$/.test(file));
    expect(quirks.length).toBeGreaterThan(20);
    expect(quirks.filter((file) => !caught.has(file) && !IDP_SIDE_QUIRKS.has(file))).toEqual([]);
  });

  it('the clean provider passes every scenario and every check', async () => {
    const { run, verdict } = await runAgainst(scenarios, undefined);
    expect(verdict).toEqual({ failedChecks: [], failedScenarios: [] });
    expect(run.summary.conformant).toBe(true);
    expect(run.scenarios.length).toBe(scenarios.length);
  });

  for (const defect of DEFECT_NAMES) {
    it(`defect ${defect} fails exactly the checks that name it`, async () => {
      const { run, verdict } = await runAgainst(scenarios, defect);
      const expected = EXPECTED[defect]!;
      expect(verdict.failedChecks).toEqual([...expected.checks].sort());
      for (const file of expected.scenarios) expect(verdict.failedScenarios).toContain(file);
      expect(run.summary.conformant).toBe(false);
    });
  }
});
