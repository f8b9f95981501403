/** What a target offers, read from its discovery documents: each feature met or unmet, and why in words. */
import { describe, expect, it } from 'vitest';
import { createProvider } from '../../provider/provider.js';
import type { ProfileName } from '../../provider/schemas/profiles.js';
import type { CheckContext } from '../checks/check.js';
import { FEATURES, type Feature } from '../scenario/types.js';
import { SCHEMA } from '../../vocabulary/constants.js';
import { FeatureSet, type DiscoveryAnswers } from './features.js';

const BASE = 'http://t.example/scim/v2';
const SPC_FEATURES = ['patch', 'bulk', 'filter', 'sort', 'etag', 'changePassword'] as const;
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

type Bodies = Partial<Pick<CheckContext, 'serviceProviderConfig' | 'resourceTypes' | 'schemas'>>;

/** The reference provider's own discovery bodies, as a target of that profile would answer them. */
function discoveryOf(profile: ProfileName): Bodies {
  const provider = createProvider({ profile, token: 'harness-test-token-0123' });
  const get = (path: string): unknown => {
    const response = provider.handler({ method: 'GET', path, query: new URLSearchParams(), headers: { authorization: 'Bearer harness-test-token-0123' }, body: undefined, baseUrl: BASE });
    if (response.status !== 200) throw new Error(`the reference provider answered GET ${path} with ${response.status}`);
    return response.body;
  };
  return { serviceProviderConfig: get('/ServiceProviderConfig'), resourceTypes: get('/ResourceTypes'), schemas: get('/Schemas') };
}
const FULL = discoveryOf('full');
const DOCKER_HUB = discoveryOf('docker-hub-legacy');

function features(bodies: Bodies, options: Partial<Omit<DiscoveryAnswers, 'context'>> = {}): FeatureSet {
  return new FeatureSet({
    context: { baseUrl: BASE, serviceProviderConfig: undefined, resourceTypes: undefined, schemas: undefined, ...bodies },
    answers: { serviceProviderConfig: 'HTTP 200', resourceTypes: 'HTTP 200', schemas: 'HTTP 200', ...options.answers },
    ...(options.groupsProbe ? { groupsProbe: options.groupsProbe } : {}),
    embedded: options.embedded ?? false,
  });
}

/** A ServiceProviderConfig where every feature is supported except those given. */
const spc = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  schemas: [SCHEMA.serviceProviderConfig],
  ...Object.fromEntries(SPC_FEATURES.map((name) => [name, { supported: true }])),
  ...overrides,
});
const list = (resources: unknown[]) => ({ schemas: [LIST], totalResults: resources.length, Resources: resources });
const resourceType = (name: string, endpoint: string, schema: string, extensions: string[] = []) => ({
  schemas: [SCHEMA.resourceType],
  id: name,
  name,
  endpoint,
  schema,
  schemaExtensions: extensions.map((urn) => ({ schema: urn, required: false })),
});
const USER_TYPE = resourceType('User', '/Users', SCHEMA.user);

describe('ServiceProviderConfig features', () => {
  it('reads the reference provider: changePassword is the one it does not support', () => {
    const set = features(FULL);
    for (const name of ['patch', 'bulk', 'filter', 'sort', 'etag'] as const) expect(set.unmet(name), name).toBeUndefined();
    expect(set.unmet('changePassword')).toBe('ServiceProviderConfig changePassword.supported is false');
  });

  it.each(SPC_FEATURES)('%s is unmet when its supported is false, naming the flag', (name) => {
    const set = features({ serviceProviderConfig: spc({ [name]: { supported: false } }) });
    expect(set.unmet(name)).toBe(`ServiceProviderConfig ${name}.supported is false`);
    for (const other of SPC_FEATURES.filter((n) => n !== name)) expect(set.unmet(other), other).toBeUndefined();
  });

  it('counts only supported: true, not a truthy string, and says when the entry is absent', () => {
    const { bulk: _bulk, ...withoutBulk } = spc({ patch: { supported: 'true' } });
    const set = features({ serviceProviderConfig: withoutBulk });
    expect(set.unmet('patch')).toBe('ServiceProviderConfig patch.supported is "true"');
    expect(set.unmet('bulk')).toBe('ServiceProviderConfig bulk.supported is absent');
  });

  it('leaves every SPC feature unmet when the ServiceProviderConfig could not be read, with the answer', () => {
    const set = features({ resourceTypes: FULL.resourceTypes, schemas: FULL.schemas }, { answers: { serviceProviderConfig: 'HTTP 404', resourceTypes: 'HTTP 200', schemas: 'HTTP 200' } });
    for (const name of SPC_FEATURES) {
      expect(set.unmet(name)).toBe(`the target's ServiceProviderConfig could not be read (HTTP 404), so ${name} is not advertised`);
    }
    // What /ResourceTypes and /Schemas say does not depend on it.
    expect(set.unmet('groups')).toBeUndefined();
  });
});

describe('groups', () => {
  it('is met by a Group resource type in /ResourceTypes', () => {
    expect(features(FULL).unmet('groups')).toBeUndefined();
  });

  it('is met by a resource type at /Groups whatever its name', () => {
    expect(features({ resourceTypes: list([USER_TYPE, resourceType('Team', '/Groups/', 'urn:example:Team')]) }).unmet('groups')).toBeUndefined();
  });

  it('is unmet when /ResourceTypes lists no Group, listing what it has', () => {
    const reason = features(DOCKER_HUB).unmet('groups');
    expect(reason).toBe("the target's /ResourceTypes lists no Group (it has User)");
  });

  it('follows the GET /Groups probe without /ResourceTypes', () => {
    const answers = { serviceProviderConfig: 'HTTP 200', resourceTypes: 'HTTP 404', schemas: 'HTTP 404' };
    expect(features({}, { answers, groupsProbe: { ok: true, answer: 'HTTP 200' } }).unmet('groups')).toBeUndefined();
    expect(features({}, { answers, groupsProbe: { ok: false, answer: 'HTTP 501' } }).unmet('groups')).toBe(
      'the target publishes no /ResourceTypes (HTTP 404) and GET /Groups answered HTTP 501',
    );
    expect(features({}, { answers }).unmet('groups')).toMatch(/GET \/Groups answered nothing$/);
  });

  it('no-groups is the opposite: met without Groups, unmet with them, saying so', () => {
    expect(features(DOCKER_HUB).unmet('no-groups')).toBeUndefined();
    expect(features(FULL).unmet('no-groups')).toBe('the target offers Groups (/ResourceTypes), and the scenario is about a target without them');
    expect(features(discoveryOf('docker-hub')).unmet('no-groups')).toEqual(expect.any(String));
  });

  it('ignores the probe when /ResourceTypes was read', () => {
    expect(features(DOCKER_HUB, { groupsProbe: { ok: true, answer: 'HTTP 200' } }).unmet('groups')).toEqual(expect.any(String));
  });
});

describe('schema features', () => {
  it('docker is met on the Docker Hub profile and unmet on the full one, naming the URN', () => {
    expect(features(DOCKER_HUB).unmet('docker')).toBeUndefined();
    expect(features(FULL).unmet('docker')).toBe(`the target does not publish ${SCHEMA.dockerUser} (not in /Schemas nor in any resource type's schemaExtensions)`);
  });

  it('is met when the URN is only in /Schemas', () => {
    const set = features({ schemas: list([{ id: SCHEMA.user }, { id: SCHEMA.dockerUser }]) });
    expect(set.unmet('docker')).toBeUndefined();
    expect(set.unmet('enterprise')).toEqual(expect.stringContaining(SCHEMA.enterpriseUser));
  });

  it("is met when the URN is only in a resource type's schemaExtensions", () => {
    const set = features({ resourceTypes: list([resourceType('User', '/Users', SCHEMA.user, [SCHEMA.enterpriseUser])]) });
    expect(set.unmet('enterprise')).toBeUndefined();
    expect(set.unmet('docker')).toEqual(expect.stringContaining(SCHEMA.dockerUser));
  });

  it('schema:<urn> is judged the same way', () => {
    const set = features(FULL);
    expect(set.unmet(`schema:${SCHEMA.enterpriseUser}`)).toBeUndefined();
    expect(set.unmet(`schema:${SCHEMA.group}`)).toBeUndefined();
    expect(set.unmet('schema:urn:example:params:scim:schemas:extension:acme:2.0:User')).toMatch(/does not publish urn:example:params:scim:schemas:extension:acme:2\.0:User/);
  });

  it('says neither document was published, with both answers', () => {
    const set = features({}, { answers: { serviceProviderConfig: 'HTTP 200', resourceTypes: 'HTTP 404', schemas: 'HTTP 500' } });
    expect(set.unmet('enterprise')).toBe(`the target publishes neither /Schemas (HTTP 500) nor /ResourceTypes (HTTP 404), so ${SCHEMA.enterpriseUser} is not advertised`);
  });
});

it('admin is met only on the embedded provider', () => {
  expect(features(FULL, { embedded: true }).unmet('admin')).toBeUndefined();
  expect(features(FULL, { embedded: false }).unmet('admin')).toMatch(/external target/);
});

describe('list()', () => {
  it('lists every named feature once, with whether it is supported and where that was read', () => {
    const listed = features(DOCKER_HUB).list();
    expect(listed.map((f) => f.feature)).toEqual([...FEATURES]);
    const byName = new Map(listed.map((f) => [f.feature, f]));
    expect(byName.get('patch')).toEqual({ feature: 'patch', supported: true, source: 'ServiceProviderConfig patch.supported' });
    expect(byName.get('changePassword')).toEqual({ feature: 'changePassword', supported: false, source: 'ServiceProviderConfig changePassword.supported' });
    expect(byName.get('groups')).toEqual({ feature: 'groups', supported: false, source: '/ResourceTypes' });
    expect(byName.get('docker')).toEqual({ feature: 'docker', supported: true, source: '/Schemas, /ResourceTypes' });
    expect(byName.get('admin')).toEqual({ feature: 'admin', supported: false, source: 'embedded reference provider' });
  });

  it('adds a schema feature once it has been asked about', () => {
    const set = features(FULL);
    const asked: Feature = `schema:${SCHEMA.enterpriseUser}`;
    expect(set.list().some((f) => f.feature === asked)).toBe(false);
    set.unmet(asked);
    set.unmet(asked);
    expect(set.list().filter((f) => f.feature === asked)).toEqual([{ feature: asked, supported: true, source: '/Schemas, /ResourceTypes' }]);
  });
});
