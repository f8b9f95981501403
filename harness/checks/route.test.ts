import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../vocabulary/constants.js';
import { emptyContext } from './check.js';
import { routeOf } from './route.js';
import { makeExchange, testContext } from './test-exchange.js';

const kind = (path: string, method = 'GET', ctx = testContext()) => {
  const route = routeOf(makeExchange({ path, method }), ctx);
  return route.kind === 'collection' || route.kind === 'resource' || route.kind === 'search' ? [route.kind, route.type?.name] : [route.kind];
};

describe('routeOf', () => {
  it('reads routes below the base URL', () => {
    expect(kind('/Users')).toEqual(['collection', 'User']);
    expect(kind('/Users/2819c223?attributes=userName')).toEqual(['resource', 'User']);
    expect(kind('/Groups/.search', 'POST')).toEqual(['search', 'Group']);
    expect(kind('/.search', 'POST')).toEqual(['search', undefined]);
    expect(kind('/?filter=x')).toEqual(['root']);
    expect(kind('/ServiceProviderConfig')).toEqual(['service-provider-config']);
    expect(kind('/ResourceTypes/User')).toEqual(['resource-types']);
    expect(kind('/Bulk', 'POST')).toEqual(['bulk']);
    expect(kind('/Me')).toEqual(['me']);
    expect(kind('/Devices/1')).toEqual(['unknown']);
    expect(kind('/Users/1/extra')).toEqual(['unknown']);
  });

  it('decodes schema URNs', () => {
    const route = routeOf(makeExchange({ path: `/Schemas/${encodeURIComponent(SCHEMA.user)}` }), testContext());
    expect(route).toEqual({ kind: 'schemas', id: SCHEMA.user });
  });

  it('finds the SCIM path without a base URL, or when the URL is elsewhere', () => {
    expect(kind('https://other.example/tenant/7/scim/Users/1', 'GET', emptyContext())).toEqual(['resource', 'User']);
    expect(kind('https://other.example/tenant/7/scim/Users/1')).toEqual(['resource', 'User']);
    expect(kind('https://other.example/nothing/here', 'GET', emptyContext())).toEqual(['unknown']);
  });

  it('uses the discovered resource types', () => {
    const ctx = testContext({ resourceTypes: { Resources: [{ name: 'Device', endpoint: 'Devices', schema: 'urn:example:Device' }] } });
    expect(kind('/Devices/1', 'GET', ctx)).toEqual(['resource', 'Device']);
    expect(kind('/Users/1', 'GET', ctx)).toEqual(['unknown']);
  });
});
