/**
 * RFC 7644 §3.4 over HTTP: filtering (the §3.4.2.2 examples), sorting, pagination, attribute projection,
 * `POST /.search` (per endpoint and at the root).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { create, expectScimError, expectScimJson, groupBody, sleep, startProvider, userBody, type ScimResult, type TestProvider } from './test-support.js';

type Json = Record<string, any>;

let t: TestProvider;
const ids: Record<string, string> = {};
let groupId = '';

/**
 * A: bjensen   Employee  title "Tour Guide"   work email @example.com
 * B: jsmith    Employee  (no title)           home email @example.org
 * C: Jdoe      Intern    title "Intern Lead"  work email @example.net
 * D: omalley   Contractor (no title)          work email elsewhere, xmpp im @foo.com, enterprise extension
 * Created in this order, a few milliseconds apart, so meta.created orders them.
 */
const USERS: Record<string, Json> = {
  bjensen: userBody('bjensen', {
    externalId: '701984',
    name: { familyName: 'Jensen', givenName: 'Barbara' },
    title: 'Tour Guide',
    userType: 'Employee',
    emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
  }),
  jsmith: userBody('jsmith', {
    name: { familyName: 'Smith', givenName: 'John' },
    userType: 'Employee',
    emails: [{ value: 'jsmith@example.org', type: 'home' }],
  }),
  Jdoe: userBody('Jdoe', {
    name: { familyName: 'Doe', givenName: 'Jane' },
    title: 'Intern Lead',
    userType: 'Intern',
    emails: [{ value: 'jdoe@example.net', type: 'work' }],
  }),
  omalley: {
    schemas: [SCHEMA.user, SCHEMA.enterpriseUser],
    userName: 'omalley',
    name: { familyName: "O'Malley", givenName: 'Pat' },
    userType: 'Contractor',
    emails: [{ value: 'omalley@elsewhere.test', type: 'work' }],
    ims: [{ value: 'omalley@foo.com', type: 'xmpp' }],
    [SCHEMA.enterpriseUser]: { department: 'Operations' },
  },
};
const ALL = ['bjensen', 'jsmith', 'Jdoe', 'omalley'];

beforeAll(async () => {
  t = await startProvider();
  for (const [name, body] of Object.entries(USERS)) {
    ids[name] = (await create(t.scim, '/Users', body)).id;
    await sleep(5);
  }
  groupId = (await create(t.scim, '/Groups', groupBody('Tour Guides', [ids.bjensen!]))).id;
});
afterAll(() => t.close());

function expectList(res: ScimResult): void {
  expect(res.status, res.text).toBe(200);
  expectScimJson(res);
  expect(res.body.schemas).toEqual([MESSAGE.listResponse]);
  expect(typeof res.body.totalResults).toBe('number');
  const resources = (res.body.Resources ?? []) as Json[];
  if (res.body.itemsPerPage !== undefined) expect(res.body.itemsPerPage).toBe(resources.length);
}

function resources(res: ScimResult): Json[] {
  return (res.body.Resources ?? []) as Json[];
}

function userNames(res: ScimResult): string[] {
  return resources(res).map((r) => r.userName as string);
}

/** Okta-style: `filter=userName%20eq%20%22x%22` (spaces and quotes percent-encoded). */
function filterQuery(filter: string): string {
  return `filter=${encodeURIComponent(filter)}`;
}

async function filterUsers(filter: string): Promise<ScimResult> {
  const res = await t.scim('GET', `/Users?${filterQuery(filter)}`);
  expectList(res);
  return res;
}

describe('filter (RFC 7644 §3.4.2.2 examples)', () => {
  const cases: [string, string[]][] = [
    ['userName eq "bjensen"', ['bjensen']],
    [`name.familyName co "O'Malley"`, ['omalley']],
    ['userName sw "J"', ['Jdoe', 'jsmith']],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', ['Jdoe', 'jsmith']],
    ['title pr', ['bjensen', 'Jdoe']],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', ALL],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', ALL],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', []],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', []],
    ['title pr and userType eq "Employee"', ['bjensen']],
    ['title pr or userType eq "Intern"', ['bjensen', 'Jdoe']],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', ['omalley']],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', ['bjensen', 'jsmith']],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', ['Jdoe', 'omalley']],
    ['userType eq "Employee" and (emails.type eq "work")', ['bjensen']],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', ['bjensen']],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', ['bjensen', 'omalley']],
    // An `or` of indexed equalities is answered from the indexes: the same users as a scan, each once.
    ['userName eq "BJENSEN" or userName eq "jdoe" or userName eq "nobody"', ['bjensen', 'Jdoe']],
    ['userName eq "bjensen" or userName eq "bjensen" or externalId eq "701984"', ['bjensen']],
    ['userName eq "jsmith" or (userName eq "omalley" or externalId eq "701984")', ['jsmith', 'omalley', 'bjensen']],
    ['userName eq "jsmith" or userType eq "Intern"', ['jsmith', 'Jdoe']],
    ['(userName eq "jsmith" or userName eq "Jdoe") and userType eq "Intern"', ['Jdoe']],
  ];

  it.each(cases)('%s', async (filter, expected) => {
    const res = await filterUsers(filter);
    expect(userNames(res).sort()).toEqual([...expected].sort());
    expect(res.body.totalResults).toBe(expected.length);
  });

  it('is sent URL-encoded exactly as Okta does', async () => {
    const res = await t.scim('GET', '/Users?filter=userName%20eq%20%22bjensen%22&startIndex=1&count=100');
    expectList(res);
    expect(userNames(res)).toEqual(['bjensen']);
    expect(resources(res)[0]!.id).toBe(ids.bjensen);
  });

  it('userName eq is case-insensitive (caseExact false)', async () => {
    expect(userNames(await filterUsers('userName eq "BJENSEN"'))).toEqual(['bjensen']);
    expect(userNames(await filterUsers('userName eq "jdoe"'))).toEqual(['Jdoe']);
    expect(userNames(await filterUsers('USERNAME EQ "JDoe"'))).toEqual(['Jdoe']);
  });

  it('id and externalId are case-exact', async () => {
    expect(userNames(await filterUsers(`id eq "${ids.jsmith}"`))).toEqual(['jsmith']);
    expect(userNames(await filterUsers(`id eq "${ids.jsmith!.toUpperCase()}"`))).toEqual([]);
    expect(userNames(await filterUsers('externalId eq "701984"'))).toEqual(['bjensen']);
  });

  it('a filter with no match → 200 with totalResults 0 (the Entra "Test Connection")', async () => {
    const res = await filterUsers('userName eq "2c9c1b84-6f6f-4c3e-8f5a-0d2c5d1b7e11"');
    expect(res.body.totalResults).toBe(0);
    expect(res.body.Resources === undefined || (Array.isArray(res.body.Resources) && res.body.Resources.length === 0)).toBe(true);
  });

  it('filters Groups by displayName and by members.value', async () => {
    const byName = await t.scim('GET', `/Groups?${filterQuery('displayName eq "tour guides"')}`);
    expectList(byName);
    expect(resources(byName).map((g) => g.id)).toEqual([groupId]);
    const byMember = await t.scim('GET', `/Groups?${filterQuery(`members.value eq "${ids.bjensen}"`)}`);
    expectList(byMember);
    expect(resources(byMember).map((g) => g.id)).toEqual([groupId]);
  });

  it('filters Users by groups.value (the computed membership)', async () => {
    expect(userNames(await filterUsers(`groups.value eq "${groupId}"`))).toEqual(['bjensen']);
  });

  it.each([
    ['userName eq', 'missing value'],
    ['userName xx "bjensen"', 'unknown operator'],
    ['(userName eq "bjensen"', 'unbalanced parenthesis'],
    ['userName eq "bjensen" and', 'dangling and'],
    ['nonexistent eq "x"', 'unknown attribute'],
    ['emails[type eq "work"', 'unclosed value path'],
  ])('a bad filter (%s: %s) → 400 invalidFilter', async (filter) => {
    expectScimError(await t.scim('GET', `/Users?${filterQuery(filter)}`), 400, 'invalidFilter');
  });

  it('an empty filter → 400 invalidFilter', async () => {
    expectScimError(await t.scim('GET', '/Users?filter='), 400, 'invalidFilter');
  });
});

describe('pagination (RFC 7644 §3.4.2.4)', () => {
  const sorted = ['bjensen', 'Jdoe', 'jsmith', 'omalley'];

  async function page(query: string): Promise<ScimResult> {
    const res = await t.scim('GET', `/Users?sortBy=userName&${query}`);
    expectList(res);
    expect(res.body.totalResults).toBe(4);
    return res;
  }

  it('startIndex=1&count=2 → the first two, totals consistent', async () => {
    const res = await page('startIndex=1&count=2');
    expect(res.body.startIndex).toBe(1);
    expect(res.body.itemsPerPage).toBe(2);
    expect(userNames(res)).toEqual(sorted.slice(0, 2));
  });

  it('the next page follows without overlap', async () => {
    const res = await page('startIndex=3&count=2');
    expect(res.body.startIndex).toBe(3);
    expect(res.body.itemsPerPage).toBe(2);
    expect(userNames(res)).toEqual(sorted.slice(2, 4));
  });

  it('a partial last page', async () => {
    const res = await page('startIndex=4&count=2');
    expect(res.body.itemsPerPage).toBe(1);
    expect(userNames(res)).toEqual(['omalley']);
  });

  it('startIndex beyond the end → no resources, totalResults still 4', async () => {
    const res = await page('startIndex=10&count=2');
    expect(res.body.startIndex).toBe(10);
    expect(res.body.itemsPerPage).toBe(0);
    expect(resources(res)).toEqual([]);
  });

  it('startIndex=0 (and negative) is read as 1', async () => {
    for (const startIndex of ['0', '-5']) {
      const res = await page(`startIndex=${startIndex}&count=2`);
      expect(res.body.startIndex).toBe(1);
      expect(userNames(res)).toEqual(sorted.slice(0, 2));
    }
  });

  it('a negative count is read as 0: only totalResults', async () => {
    const res = await page('count=-1');
    expect(res.body.itemsPerPage).toBe(0);
    expect(resources(res)).toEqual([]);
  });

  it('count=0 → only totalResults', async () => {
    const res = await page('count=0');
    expect(res.body.itemsPerPage).toBe(0);
    expect(resources(res)).toEqual([]);
  });

  it('no count → every result (below maxResults)', async () => {
    const res = await page('');
    expect(res.body.startIndex).toBe(1);
    expect(res.body.itemsPerPage).toBe(4);
    expect(userNames(res)).toEqual(sorted);
  });

  it('a non-integer count → 400 invalidValue', async () => {
    expectScimError(await t.scim('GET', '/Users?count=ten'), 400, 'invalidValue');
  });

  it('count above maxResults is clamped to maxResults', async () => {
    const small = await startProvider({ limits: { maxResults: 3 } });
    try {
      for (const name of ALL) await create(small.scim, '/Users', userBody(name));
      const res = await small.scim('GET', '/Users?sortBy=userName&startIndex=1&count=100');
      expectList(res);
      expect(res.body.totalResults).toBe(4);
      expect(res.body.itemsPerPage).toBe(3);
      expect(userNames(res)).toEqual(sorted.slice(0, 3));
      const rest = await small.scim('GET', '/Users?sortBy=userName&startIndex=4&count=100');
      expect(userNames(rest)).toEqual(['omalley']);
      const defaulted = await small.scim('GET', '/Users');
      expect(defaulted.body.itemsPerPage).toBe(3);
    } finally {
      await small.close();
    }
  });
});

describe('sorting (RFC 7644 §3.4.2.3)', () => {
  it('sortBy=userName is ascending and case-insensitive (userName is not caseExact)', async () => {
    const res = await t.scim('GET', '/Users?sortBy=userName');
    expectList(res);
    expect(userNames(res)).toEqual(['bjensen', 'Jdoe', 'jsmith', 'omalley']);
  });

  it('sortOrder=descending reverses it', async () => {
    const res = await t.scim('GET', '/Users?sortBy=userName&sortOrder=descending');
    expectList(res);
    expect(userNames(res)).toEqual(['omalley', 'jsmith', 'Jdoe', 'bjensen']);
  });

  it('sortBy=name.familyName', async () => {
    const res = await t.scim('GET', '/Users?sortBy=name.familyName');
    expectList(res);
    expect(userNames(res)).toEqual(['Jdoe', 'bjensen', 'omalley', 'jsmith']);
  });

  it('sortBy=meta.created, both orders', async () => {
    const asc = await t.scim('GET', '/Users?sortBy=meta.created&sortOrder=ascending');
    expectList(asc);
    expect(userNames(asc)).toEqual(ALL);
    const desc = await t.scim('GET', '/Users?sortBy=meta.created&sortOrder=descending');
    expectList(desc);
    expect(userNames(desc)).toEqual([...ALL].reverse());
  });

  it('resources without the sortBy value sort last ascending and first descending', async () => {
    const asc = userNames(await t.scim('GET', '/Users?sortBy=title'));
    expect(asc.slice(0, 2)).toEqual(['Jdoe', 'bjensen']);
    expect(asc.slice(2).sort()).toEqual(['jsmith', 'omalley']);
    const desc = userNames(await t.scim('GET', '/Users?sortBy=title&sortOrder=descending'));
    expect(desc.slice(0, 2).sort()).toEqual(['jsmith', 'omalley']);
    expect(desc.slice(2)).toEqual(['bjensen', 'Jdoe']);
  });

  it('sorting combines with filter and paging', async () => {
    const res = await t.scim('GET', `/Users?${filterQuery('userName sw "j"')}&sortBy=userName&sortOrder=descending&startIndex=1&count=1`);
    expectList(res);
    expect(res.body.totalResults).toBe(2);
    expect(userNames(res)).toEqual(['jsmith']);
  });

  it('an invalid sortOrder → 400 invalidValue', async () => {
    expectScimError(await t.scim('GET', '/Users?sortBy=userName&sortOrder=sideways'), 400, 'invalidValue');
  });
});

describe('attributes and excludedAttributes (RFC 7644 §3.4.2.5)', () => {
  it('attributes=userName returns only id, schemas and userName', async () => {
    const res = await t.scim('GET', '/Users?attributes=userName&sortBy=userName');
    expectList(res);
    expect(resources(res)).toHaveLength(4);
    for (const resource of resources(res)) {
      expect(Object.keys(resource).sort()).toEqual(['id', 'schemas', 'userName']);
      expect(resource.schemas).toContain(SCHEMA.user);
    }
    expect(userNames(res)).toEqual(['bjensen', 'Jdoe', 'jsmith', 'omalley']);
  });

  it('attributes on a single resource, with a sub-attribute', async () => {
    const res = await t.scim('GET', `/Users/${ids.bjensen}?attributes=name.givenName,emails.value`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.id).toBe(ids.bjensen);
    expect(res.body.name).toEqual({ givenName: 'Barbara' });
    expect(res.body.emails).toEqual([{ value: 'bjensen@example.com' }]);
    expect(res.body.userName).toBeUndefined();
    expect(res.body.title).toBeUndefined();
  });

  it('attributes with an extension URN-qualified attribute', async () => {
    const res = await t.scim('GET', `/Users/${ids.omalley}?attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`);
    expect(res.status, res.text).toBe(200);
    expect(res.body[SCHEMA.enterpriseUser]).toEqual({ department: 'Operations' });
    expect(res.body.userName).toBeUndefined();
  });

  it('excludedAttributes=emails drops emails and keeps the rest', async () => {
    const res = await t.scim('GET', `/Users?excludedAttributes=emails&${filterQuery('userName eq "bjensen"')}`);
    expectList(res);
    const [user] = resources(res);
    expect(user).toBeDefined();
    expect(user!.emails).toBeUndefined();
    expect(user!.userName).toBe('bjensen');
    expect(user!.name).toEqual({ familyName: 'Jensen', givenName: 'Barbara' });
    expect(user!.id).toBe(ids.bjensen);
    expect(user!.meta).toBeDefined();
  });

  it('id and schemas cannot be excluded (returned always)', async () => {
    const res = await t.scim('GET', `/Users/${ids.jsmith}?excludedAttributes=id,schemas,userName`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.id).toBe(ids.jsmith);
    expect(res.body.schemas).toContain(SCHEMA.user);
    expect(res.body.userName).toBeUndefined();
  });
});

describe('POST /.search (RFC 7644 §3.4.3)', () => {
  it('POST /Users/.search with a SearchRequest', async () => {
    const res = await t.scim('POST', '/Users/.search', {
      body: {
        schemas: [MESSAGE.searchRequest],
        filter: 'userName sw "j"',
        sortBy: 'userName',
        sortOrder: 'ascending',
        startIndex: 1,
        count: 10,
        attributes: ['userName', 'name.familyName'],
      },
    });
    expectList(res);
    expect(res.body.totalResults).toBe(2);
    expect(res.body.startIndex).toBe(1);
    expect(resources(res)).toEqual([
      { schemas: expect.arrayContaining([SCHEMA.user]), id: ids.Jdoe, userName: 'Jdoe', name: { familyName: 'Doe' } },
      { schemas: expect.arrayContaining([SCHEMA.user]), id: ids.jsmith, userName: 'jsmith', name: { familyName: 'Smith' } },
    ]);
  });

  it('POST /Users/.search with excludedAttributes and paging', async () => {
    const res = await t.scim('POST', '/Users/.search', {
      body: { schemas: [MESSAGE.searchRequest], sortBy: 'userName', startIndex: 2, count: 2, excludedAttributes: ['emails', 'name'] },
    });
    expectList(res);
    expect(res.body.totalResults).toBe(4);
    expect(res.body.startIndex).toBe(2);
    expect(userNames(res)).toEqual(['Jdoe', 'jsmith']);
    for (const r of resources(res)) {
      expect(r.emails).toBeUndefined();
      expect(r.name).toBeUndefined();
    }
  });

  it('a SearchRequest without its schema → 400 invalidSyntax', async () => {
    expectScimError(await t.scim('POST', '/Users/.search', { body: { filter: 'userName eq "bjensen"' } }), 400, 'invalidSyntax');
  });

  it('a bad filter in a SearchRequest → 400 invalidFilter', async () => {
    expectScimError(
      await t.scim('POST', '/Users/.search', { body: { schemas: [MESSAGE.searchRequest], filter: 'userName eq' } }),
      400,
      'invalidFilter',
    );
  });

  it('root POST /.search spans Users and Groups', async () => {
    const res = await t.scim('POST', '/.search', { body: { schemas: [MESSAGE.searchRequest], filter: 'displayName eq "Tour Guides"' } });
    expectList(res);
    expect(res.body.totalResults).toBe(1);
    const [group] = resources(res);
    expect(group!.id).toBe(groupId);
    expect(group!.schemas).toEqual([SCHEMA.group]);
    expect(group!.meta.resourceType).toBe('Group');

    const users = await t.scim('POST', '/.search', { body: { schemas: [MESSAGE.searchRequest], filter: 'userName eq "BJENSEN"' } });
    expectList(users);
    expect(resources(users).map((r) => r.id)).toEqual([ids.bjensen]);

    const all = await t.scim('POST', '/.search', { body: { schemas: [MESSAGE.searchRequest] } });
    expectList(all);
    expect(all.body.totalResults).toBe(5);
  });

  it('root GET /?filter= works like root POST /.search', async () => {
    const res = await t.scim('GET', `/?${filterQuery('displayName eq "Tour Guides"')}`);
    expectList(res);
    expect(resources(res).map((r) => r.id)).toEqual([groupId]);
  });

  it('a filter no resource type understands → 400 invalidFilter at the root', async () => {
    expectScimError(
      await t.scim('POST', '/.search', { body: { schemas: [MESSAGE.searchRequest], filter: 'nonexistent eq "x"' } }),
      400,
      'invalidFilter',
    );
  });

  it('root search sorts across resource types', async () => {
    const p = await startProvider();
    try {
      await create(p.scim, '/Users', userBody('zed', { displayName: 'Zed' }));
      await create(p.scim, '/Groups', groupBody('Alpha'));
      await create(p.scim, '/Users', userBody('mid', { displayName: 'Mid' }));
      const res = await p.scim('POST', '/.search', { body: { schemas: [MESSAGE.searchRequest], sortBy: 'displayName' } });
      expect(res.status, res.text).toBe(200);
      expect(resources(res).map((r) => r.displayName)).toEqual(['Alpha', 'Mid', 'Zed']);
    } finally {
      await p.close();
    }
  });

  it('root search pages through every resource and clamps count to maxResults', async () => {
    const p = await startProvider({ limits: { maxResults: 3 } });
    try {
      const created: string[] = [];
      for (const name of ['u1', 'u2', 'u3', 'u4']) created.push((await create(p.scim, '/Users', userBody(name))).id);
      created.push((await create(p.scim, '/Groups', groupBody('g1'))).id);
      const first = await p.scim('POST', '/.search', { body: { schemas: [MESSAGE.searchRequest], startIndex: 1, count: 100 } });
      expect(first.status, first.text).toBe(200);
      expect(first.body.totalResults).toBe(5);
      expect(resources(first)).toHaveLength(3);
      expect(first.body.itemsPerPage).toBe(3);
      const second = await p.scim('POST', '/.search', { body: { schemas: [MESSAGE.searchRequest], startIndex: 4, count: 3 } });
      expect(second.status, second.text).toBe(200);
      expect(resources(second)).toHaveLength(2);
      const seen = [...resources(first), ...resources(second)].map((r) => r.id);
      expect(seen.sort()).toEqual([...created].sort());
    } finally {
      await p.close();
    }
  });
});
