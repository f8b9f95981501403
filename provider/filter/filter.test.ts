import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../vocabulary/constants.js';
import { ScimError } from '../messages/error.js';
import { attr } from '../schemas/definition.js';
import { profileModel } from '../schemas/profiles.js';
import { ResourceSchema, type ScimObject } from '../schemas/resource-schema.js';
import { compareValues } from './compare.js';
import { compileFilter, compileValueFilter } from './compile.js';
import { indexedEqualities, indexedEquality, userNameEquality } from './equality.js';
import { parseFilter, type FilterNode } from './parse.js';

const [userSchema, groupSchema] = profileModel('full').resourceTypes as [ResourceSchema, ResourceSchema];
const ENT = SCHEMA.enterpriseUser;

function user(id: string, data: ScimObject): ScimObject {
  const extended = ENT in data;
  return { schemas: extended ? [SCHEMA.user, ENT] : [SCHEMA.user], id, ...data };
}

// Seven users chosen so that every RFC example selects a different, non-trivial subset.
const users: ScimObject[] = [
  user('u-bjensen', {
    userName: 'bjensen',
    externalId: 'EXT-BJ',
    name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    title: 'Tour Guide',
    userType: 'Employee',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    ims: [{ value: 'babs@foo.com', type: 'xmpp' }],
    [ENT]: { employeeNumber: '701984', department: 'Tour Operations', manager: { value: 'u-jsmith', displayName: 'John Smith' } },
    meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
  }),
  user('u-jomalley', {
    userName: 'jomalley',
    externalId: 'ext-jomalley',
    name: { familyName: "O'Malley", givenName: 'Jim' },
    title: '',
    userType: 'Employee',
    active: false,
    emails: [{ value: 'jim@omalley.net', type: 'home' }],
    meta: { resourceType: 'User', created: '2011-01-01T00:00:00Z', lastModified: '2011-05-13T04:42:35Z' },
  }),
  user('u-jsmith', {
    userName: 'JSmith',
    externalId: 'ext-jsmith',
    name: { familyName: 'Smith', givenName: 'John' },
    title: 'Manager',
    userType: 'Employee',
    active: true,
    // The work address is at example.org and the home one at example.com: only a value filter tells them apart.
    emails: [
      { value: 'jsmith@example.org', type: 'work' },
      { value: 'john.smith@example.com', type: 'home' },
    ],
    ims: [{ value: 'jsmith@foo.com', type: 'xmpp' }],
    [ENT]: { department: 'Engineering' },
    meta: { resourceType: 'User', created: '2009-06-01T12:00:00Z', lastModified: '2012-03-04T05:06:07Z' },
  }),
  user('u-mintern', {
    userName: 'mintern',
    externalId: 'ext-mintern',
    name: { familyName: 'Intern', givenName: 'Mia' },
    userType: 'Intern',
    active: false,
    emails: [{ value: 'mia@other.net', type: 'work' }],
    ims: [{ value: 'mintern@foo.com', type: 'aim' }],
    meta: { resourceType: 'User', created: '2011-05-01T00:00:00Z', lastModified: '2011-05-12T00:00:00Z' },
  }),
  user('u-kcontractor', {
    userName: 'kcontractor',
    externalId: 'ext-kc',
    name: { familyName: 'Contractor', givenName: 'Kim' },
    title: 'Consultant',
    userType: 'Contractor',
    active: true,
    emails: [
      { value: 'k@example.com', type: 'work' },
      { value: 'kim@home.example.org', type: 'home' },
    ],
    ims: [{ value: 'kim@foo.com', type: 'xmpp' }],
    [ENT]: { department: 'Finance', manager: { value: 'u-bjensen' } },
    meta: { resourceType: 'User', created: '2010-06-01T00:00:00Z', lastModified: '2010-12-31T23:59:59Z' },
  }),
  user('u-nobody', {
    userName: 'nobody',
    name: { givenName: '' },
    active: true,
    emails: [],
    // The same instant as bjensen's lastModified, written with an offset.
    meta: { resourceType: 'User', created: '2011-05-13T06:42:34+02:00', lastModified: '2011-05-13T06:42:34+02:00' },
  }),
  user('u-jdoe', {
    userName: 'jdoe',
    externalId: 'EXT-JD',
    name: { familyName: 'Doe', givenName: 'Jane' },
    title: 'Engineer',
    userType: 'Employee',
    emails: [{ value: 'jdoe@EXAMPLE.COM', type: 'other' }],
    meta: { resourceType: 'User', created: '2012-01-01T00:00:00Z', lastModified: '2013-01-01T00:00:00.000Z' },
  }),
];

const groups: ScimObject[] = [
  {
    schemas: [SCHEMA.group],
    id: 'g-guides',
    displayName: 'Tour Guides',
    members: [
      { value: 'u-bjensen', type: 'User' },
      { value: 'u-jomalley', type: 'User' },
    ],
    meta: { resourceType: 'Group', created: '2010-01-01T00:00:00Z', lastModified: '2011-01-01T00:00:00Z' },
  },
  {
    schemas: [SCHEMA.group],
    id: 'g-eng',
    displayName: 'Engineering',
    members: [{ value: 'u-jsmith', type: 'User' }],
    meta: { resourceType: 'Group', created: '2010-01-01T00:00:00Z', lastModified: '2012-01-01T00:00:00Z' },
  },
  { schemas: [SCHEMA.group], id: 'g-empty', displayName: 'Empty Group', externalId: 'grp-1', members: [] },
];

/** Ids of the resources the filter selects, in data order. */
function select(filter: string, resources: ScimObject[] = users, schema: ResourceSchema = userSchema): string[] {
  const predicate = compileFilter(filter, schema);
  return resources.filter(predicate).map((r) => String(r.id));
}

function rejection(filter: string, schema: ResourceSchema = userSchema): ScimError {
  try {
    compileFilter(filter, schema);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error(`filter was accepted: ${filter}`);
}

describe('RFC 7644 §3.4.2.2 filter examples', () => {
  const examples: [string, string[]][] = [
    ['userName eq "bjensen"', ['u-bjensen']],
    [`name.familyName co "O'Malley"`, ['u-jomalley']],
    ['userName sw "J"', ['u-jomalley', 'u-jsmith', 'u-jdoe']],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', ['u-jomalley', 'u-jsmith', 'u-jdoe']],
    ['title pr', ['u-bjensen', 'u-jsmith', 'u-kcontractor', 'u-jdoe']],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', ['u-jomalley', 'u-jsmith', 'u-jdoe']],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', ['u-bjensen', 'u-jomalley', 'u-jsmith', 'u-nobody', 'u-jdoe']],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', ['u-mintern', 'u-kcontractor']],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', ['u-bjensen', 'u-mintern', 'u-kcontractor', 'u-nobody']],
    ['title pr and userType eq "Employee"', ['u-bjensen', 'u-jsmith', 'u-jdoe']],
    ['title pr or userType eq "Intern"', ['u-bjensen', 'u-jsmith', 'u-mintern', 'u-kcontractor', 'u-jdoe']],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', ['u-bjensen', 'u-jsmith', 'u-kcontractor']],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', ['u-bjensen', 'u-jsmith', 'u-jdoe']],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', ['u-mintern', 'u-nobody']],
    ['userType eq "Employee" and (emails.type eq "work")', ['u-bjensen', 'u-jsmith']],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', ['u-bjensen']],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      ['u-bjensen', 'u-jsmith', 'u-kcontractor'],
    ],
  ];
  it.each(examples)('%s', (filter, expected) => {
    expect(select(filter)).toEqual(expected);
  });

  it('reads the examples as they are wrapped in the RFC, across lines', () => {
    expect(select('userType eq "Employee" and emails[type eq "work" and\n  value co "@example.com"]')).toEqual(['u-bjensen']);
  });
});

describe('case sensitivity', () => {
  it('compares userName case-insensitively', () => {
    expect(select('userName eq "BJensen"')).toEqual(['u-bjensen']);
    expect(select('userName eq "jsmith"')).toEqual(['u-jsmith']);
    expect(select('userName ew "SMITH"')).toEqual(['u-jsmith']);
  });

  it('compares the caseExact id and externalId exactly', () => {
    expect(select('id eq "u-bjensen"')).toEqual(['u-bjensen']);
    expect(select('id eq "U-BJENSEN"')).toEqual([]);
    expect(select('externalId eq "EXT-BJ"')).toEqual(['u-bjensen']);
    expect(select('externalId eq "ext-bj"')).toEqual([]);
    expect(select('externalId sw "EXT"')).toEqual(['u-bjensen', 'u-jdoe']);
  });

  it('compares schemas URIs exactly (caseExact)', () => {
    expect(select(`schemas eq "${ENT.toUpperCase()}"`)).toEqual([]);
  });

  it('reads attribute names, operators and keywords in any case', () => {
    expect(select('USERNAME eq "bjensen"')).toEqual(['u-bjensen']);
    expect(select('UserName EQ "bjensen"')).toEqual(['u-bjensen']);
    expect(select('name.FAMILYNAME eq "jensen"')).toEqual(['u-bjensen']);
    expect(select('title PR AND active Eq TRUE')).toEqual(['u-bjensen', 'u-jsmith', 'u-kcontractor']);
    expect(select('URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:userName eq "bjensen"')).toEqual(['u-bjensen']);
  });

  it('orders strings lexicographically, folding case unless caseExact', () => {
    expect(select('userName gt "j"')).toEqual(['u-jomalley', 'u-jsmith', 'u-mintern', 'u-kcontractor', 'u-nobody', 'u-jdoe']);
    expect(select('userName lt "JZ"')).toEqual(['u-bjensen', 'u-jomalley', 'u-jsmith', 'u-jdoe']);
    // 'E' < 'e': caseExact ordering is by code unit.
    expect(select('externalId lt "ext"')).toEqual(['u-bjensen', 'u-jdoe']);
  });
});

describe('booleans', () => {
  it('matches active eq false', () => {
    expect(select('active eq false')).toEqual(['u-jomalley', 'u-mintern']);
  });

  it('accepts "True"/"False" strings for booleans, as Entra ID sends them', () => {
    expect(select('active eq "False"')).toEqual(['u-jomalley', 'u-mintern']);
    expect(select('active eq "TRUE"')).toEqual(['u-bjensen', 'u-jsmith', 'u-kcontractor', 'u-nobody']);
  });

  it('treats ne as "not eq", so a user without the attribute matches', () => {
    expect(select('active ne true')).toEqual(['u-jomalley', 'u-mintern', 'u-jdoe']);
  });

  it('compares boolean sub-attributes', () => {
    expect(select('emails[primary eq true]')).toEqual(['u-bjensen']);
    expect(select('emails.primary eq true')).toEqual(['u-bjensen']);
  });
});

describe('dateTime', () => {
  it('compares instants, not strings', () => {
    expect(select('meta.lastModified eq "2011-05-13T04:42:34Z"')).toEqual(['u-bjensen', 'u-nobody']);
    expect(select('meta.lastModified eq "2011-05-13T06:42:34+02:00"')).toEqual(['u-bjensen', 'u-nobody']);
    expect(select('meta.lastModified gt "2011-05-13T04:42:34.5Z"')).toEqual(['u-jomalley', 'u-jsmith', 'u-jdoe']);
  });

  it('supports ranges with gt/ge/lt/le', () => {
    expect(select('meta.created lt "2010-01-01T00:00:00Z"')).toEqual(['u-jsmith']);
    expect(select('meta.created ge "2011-05-13T04:42:34Z" and meta.created lt "2012-06-01T00:00:00Z"')).toEqual(['u-nobody', 'u-jdoe']);
    expect(select('meta.lastModified ne "2011-05-13T04:42:34Z" and meta.lastModified le "2011-05-13T04:42:35Z"')).toEqual([
      'u-jomalley',
      'u-mintern',
      'u-kcontractor',
    ]);
  });

  it('accepts the URN-qualified common attribute', () => {
    expect(select(`${SCHEMA.user}:meta.lastModified gt "2012-01-01T00:00:00Z"`)).toEqual(['u-jsmith', 'u-jdoe']);
  });
});

describe('logical operators', () => {
  it('negates with not (...)', () => {
    expect(select('not (active eq true)')).toEqual(['u-jomalley', 'u-mintern', 'u-jdoe']);
    expect(select('not (title pr) and active eq true')).toEqual(['u-nobody']);
    expect(select('not (not (userName eq "bjensen"))')).toEqual(['u-bjensen']);
  });

  it('binds and tighter than or', () => {
    expect(select('userType eq "Contractor" or title pr and active eq false')).toEqual(['u-kcontractor']);
    expect(select('(userType eq "Contractor" or title pr) and active eq false')).toEqual([]);
    expect(select('title pr and active eq false or userType eq "Intern"')).toEqual(['u-mintern']);
  });

  it('agrees with JavaScript precedence on random and/or/not expressions', () => {
    const atoms: [string, (u: ScimObject) => boolean][] = [
      ['title pr', (u) => typeof u.title === 'string' && u.title !== ''],
      ['active eq true', (u) => u.active === true],
      ['userType eq "employee"', (u) => u.userType === 'Employee'],
      ['emails.type eq "work"', (u) => Array.isArray(u.emails) && u.emails.some((e: { type?: string }) => e.type === 'work')],
      ['userName sw "j"', (u) => String(u.userName).toLowerCase().startsWith('j')],
    ];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    // Built as text only: JavaScript then evaluates the same text with its own (identical) precedence.
    const gen = (depth: number): string => {
      const choice = depth > 3 ? 0 : random(5);
      if (choice === 0) return atoms[random(atoms.length)]![0];
      if (choice === 3) return `not (${gen(depth + 1)})`;
      if (choice === 4) return `(${gen(depth + 1)})`;
      return `${gen(depth + 1)} ${choice === 1 ? 'and' : 'or'} ${gen(depth + 1)}`;
    };
    const toJs = (text: string) => {
      let js = text.replace(/ and /g, ' && ').replace(/ or /g, ' || ').replace(/not \(/g, '!(');
      atoms.forEach(([atom], i) => {
        js = js.split(atom).join(`atoms[${i}][1](u)`);
      });
      return new Function('atoms', 'u', `return ${js};`) as (a: typeof atoms, u: ScimObject) => boolean;
    };
    for (let i = 0; i < 300; i++) {
      const text = gen(0);
      const reference = toJs(text);
      const predicate = compileFilter(text, userSchema);
      for (const u of users) expect(predicate(u), `${text} on ${String(u.id)}`).toBe(reference(atoms, u));
    }
  });
});

describe('presence', () => {
  it('does not count empty strings, empty arrays or empty complex values as present', () => {
    expect(select('title pr')).not.toContain('u-jomalley');
    expect(select('emails pr')).toEqual(['u-bjensen', 'u-jomalley', 'u-jsmith', 'u-mintern', 'u-kcontractor', 'u-jdoe']);
    expect(select('name.givenName pr')).not.toContain('u-nobody');
    expect(select('ims pr')).toEqual(['u-bjensen', 'u-jsmith', 'u-mintern', 'u-kcontractor']);
    const blank = [user('u-blank', { userName: 'blank', name: { givenName: '', familyName: null } })];
    expect(select('name pr', blank)).toEqual([]);
  });

  it('reads eq null as absent and ne null as present', () => {
    expect(select('title eq null')).toEqual(['u-jomalley', 'u-mintern', 'u-nobody']);
    expect(select('title ne null')).toEqual(['u-bjensen', 'u-jsmith', 'u-kcontractor', 'u-jdoe']);
  });
});

describe('multi-valued attributes', () => {
  it('compares the value sub-attribute of a complex attribute given without one', () => {
    expect(select('emails eq "K@EXAMPLE.COM"')).toEqual(['u-kcontractor']);
    expect(select('emails ew ".net"')).toEqual(['u-jomalley', 'u-mintern']);
  });

  it('matches ne only when no value equals', () => {
    expect(select('emails.type ne "work"')).toEqual(['u-jomalley', 'u-nobody', 'u-jdoe']);
  });

  it('requires a value filter to hold for one and the same value', () => {
    expect(select('emails.type eq "work" and emails.value co "@example.com"')).toEqual(['u-bjensen', 'u-jsmith', 'u-kcontractor']);
    expect(select('emails[type eq "work" and value co "@example.com"]')).toEqual(['u-bjensen', 'u-kcontractor']);
    expect(select('emails[not (type eq "work") and value ew ".org"]')).toEqual(['u-bjensen', 'u-kcontractor']);
  });

  it('reads Entra ID `emails[type eq "work"].value eq` as a value filter', () => {
    expect(select('emails[type eq "work"].value eq "JSMITH@example.org"')).toEqual(['u-jsmith']);
    expect(select('emails[type eq "work"].value eq "john.smith@example.com"')).toEqual([]);
    expect(select('emails[type eq "work" or type eq "home"].value co "jensen"')).toEqual(['u-bjensen']);
  });
});

describe('enterprise extension', () => {
  it('filters on URN-qualified extension attributes', () => {
    expect(select(`${ENT}:department eq "tour operations"`)).toEqual(['u-bjensen']);
    expect(select(`${ENT}:department sw "E"`)).toEqual(['u-jsmith']);
    expect(select(`${ENT}:employeeNumber eq "701984"`)).toEqual(['u-bjensen']);
    expect(select(`${ENT.toLowerCase()}:DEPARTMENT ew "s"`)).toEqual(['u-bjensen']);
  });

  it('filters on the manager sub-attributes', () => {
    expect(select(`${ENT}:manager.value eq "u-jsmith"`)).toEqual(['u-bjensen']);
    expect(select(`${ENT}:manager.value pr`)).toEqual(['u-bjensen', 'u-kcontractor']);
    expect(select(`${ENT}:manager pr`)).toEqual(['u-bjensen', 'u-kcontractor']);
    expect(select(`not (${ENT}:manager pr) and ${ENT}:department pr`)).toEqual(['u-jsmith']);
  });

  it('compares a manager given without sub-attribute by its value, as Entra checks it (E2 Example 4)', () => {
    expect(select(`id eq "u-bjensen" and manager eq "u-jsmith"`)).toEqual(['u-bjensen']);
    expect(select(`id eq "u-bjensen" and ${ENT}:manager eq "u-kcontractor"`)).toEqual([]);
    // A complex attribute without a value sub-attribute still needs one named.
    expect(() => select('name eq "x"')).toThrow(/is complex/);
  });
});

describe('Group filters', () => {
  const selectGroups = (filter: string) => select(filter, groups, groupSchema);

  it('filters on members.value and displayName', () => {
    expect(selectGroups('members.value eq "u-bjensen"')).toEqual(['g-guides']);
    expect(selectGroups('members[value eq "u-jsmith"]')).toEqual(['g-eng']);
    expect(selectGroups('members eq "u-jsmith"')).toEqual(['g-eng']);
    expect(selectGroups('displayName eq "tour guides"')).toEqual(['g-guides']);
    expect(selectGroups('displayName sw "E"')).toEqual(['g-eng', 'g-empty']);
    expect(selectGroups('members pr')).toEqual(['g-guides', 'g-eng']);
    expect(selectGroups('externalId eq "grp-1"')).toEqual(['g-empty']);
    expect(selectGroups('displayName eq "Engineering" and members.value eq "u-jsmith"')).toEqual(['g-eng']);
  });

  it('rejects User attributes', () => {
    expect(rejection('userName eq "bjensen"', groupSchema).scimType).toBe('invalidFilter');
  });
});

describe('literals', () => {
  it('decodes JSON string escapes', () => {
    expect(select('name.familyName eq "O\\u0027Malley"')).toEqual(['u-jomalley']);
    const domain = [user('u-dom', { userName: 'corp\\bjensen', title: 'say "hi"' })];
    expect(select('userName eq "corp\\\\bjensen"', domain)).toEqual(['u-dom']);
    expect(select('title eq "say \\"hi\\""', domain)).toEqual(['u-dom']);
    expect(select('userName ew "\\\\bjensen"', domain)).toEqual(['u-dom']);
  });

  it('keeps brackets, parentheses and keywords inside strings literal', () => {
    const odd = [user('u-odd', { userName: 'a (b) [c] and or not "d"' })];
    expect(select('userName eq "a (b) [c] and or not \\"d\\""', odd)).toEqual(['u-odd']);
  });

  describe('numbers and binary (custom schema)', () => {
    const device = new ResourceSchema({
      name: 'Device',
      endpoint: '/Devices',
      description: 'A test resource with every simple type',
      schema: {
        id: 'urn:example:Device',
        name: 'Device',
        description: 'Device',
        attributes: [
          attr('level', 'An integer.', { type: 'integer' }),
          attr('score', 'A decimal.', { type: 'decimal' }),
          attr('cert', 'Binary.', { type: 'binary' }),
          attr('tags', 'Plain multi-valued strings.', { multiValued: true }),
        ],
      },
      extensions: [],
    });
    const devices: ScimObject[] = [
      { id: 'd1', level: -3, score: 2.5, cert: 'QUJD', tags: ['red', 'Blue'] },
      { id: 'd2', level: 2, score: 10, tags: ['green'] },
      { id: 'd3', level: 10, score: 0.25 },
    ];
    const selectDevices = (filter: string) => select(filter, devices, device);

    it('compares numbers numerically, including negatives', () => {
      expect(selectDevices('level gt -1 and level lt 5')).toEqual(['d2']);
      expect(selectDevices('level ge -3')).toEqual(['d1', 'd2', 'd3']);
      expect(selectDevices('level gt 9')).toEqual(['d3']);
      expect(selectDevices('score ge 2.5')).toEqual(['d1', 'd2']);
      expect(selectDevices('score eq 1e1')).toEqual(['d2']);
    });

    it('compares binary exactly and only with eq/ne', () => {
      expect(selectDevices('cert eq "QUJD"')).toEqual(['d1']);
      expect(selectDevices('cert eq "qujd"')).toEqual([]);
      expect(rejection('cert gt "QUJD"', device).scimType).toBe('invalidFilter');
      expect(rejection('cert co "Q"', device).scimType).toBe('invalidFilter');
    });

    it('matches any value of a multi-valued simple attribute', () => {
      expect(selectDevices('tags eq "blue"')).toEqual(['d1']);
      expect(selectDevices('tags ne "red"')).toEqual(['d2', 'd3']);
    });

    it('rejects mismatched value types', () => {
      expect(rejection('level eq "3"', device).detail).toContain('level');
      expect(rejection('level co 3', device).scimType).toBe('invalidFilter');
      expect(rejection('tags eq 3', device).scimType).toBe('invalidFilter');
    });
  });
});

describe('invalid filters', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown attribute', 'foo eq "x"', /unknown attribute 'foo' at character 1/],
    ['unknown sub-attribute', 'name.middle eq "x"', /'name\.middle'/],
    ['unknown extension URN', 'urn:example:unknown:2.0:User:x eq "y"', /unknown attribute/],
    ['unknown sub-attribute in a value filter', 'emails[kind eq "work"]', /'kind' at character 8 is not a sub-attribute of 'emails'/],
    ['gt on a boolean', 'active gt true', /'gt' does not apply to 'active'/],
    ['co on a boolean', 'active co "t"', /'co' does not apply to 'active'/],
    ['co on a dateTime', 'meta.created co "2011"', /'co' does not apply/],
    ['ordering on binary', 'x509Certificates.value gt "x"', /'gt' does not apply/],
    ['unclosed parenthesis', '(userName eq "a"', /'\(' at character 1 is never closed/],
    ['unbalanced closing parenthesis', 'userName eq "a")', /unbalanced '\)' at character 16/],
    ['mismatched brackets', '(userName eq "a"]', /expected '\)'/],
    ['unclosed value filter', 'emails[type eq "work"', /'\[' at character 7 is never closed/],
    ['trailing garbage', 'userName eq "a" extra', /unexpected 'extra' at character 17/],
    ['two expressions without an operator', 'userName eq "a" userName eq "b"', /unexpected 'userName'/],
    ['missing operand', 'userName eq', /'eq' at character 10 needs a value/],
    ['missing right-hand expression', 'userName eq "a" and', /the filter ends/],
    ['missing operator', 'userName', /must be followed by an operator/],
    ['unknown operator', 'userName zz "a"', /found 'zz' at character 10/],
    ['single-quoted string', "userName eq 'a'", /needs a value/],
    ['unquoted string', 'userName eq bjensen', /needs a value/],
    ['empty filter', '', /empty/],
    ['blank filter', '   ', /empty/],
    ['empty parentheses', '()', /expected an attribute/],
    ['not without parentheses', 'not userName eq "a"', /'not' at character 1 must be followed by '\('/],
    ['nested value filters', 'emails[value[type pr]]', /cannot be nested/],
    ['value filter on a simple attribute', 'title[value eq "x"]', /not a complex attribute/],
    ['complex attribute without sub-attribute', 'name eq "x"', /'name' at character 1 is complex/],
    ['never-returned attribute', 'password eq "secret"', /'password'/],
    ['boolean compared with a non-boolean string', 'active eq "yes"', /'active' at character 1 is a boolean/],
    ['string compared with a number', 'userName eq 5', /'userName' at character 1 is a string/],
    ['string compared with a boolean', 'userName eq true', /is a string/],
    ['dateTime compared with a non-date', 'meta.created gt "yesterday"', /xsd:dateTime/],
    ['ordering against null', 'userName gt null', /only eq and ne take null/],
    ['unterminated string', 'userName eq "bjensen', /not closed/],
    ['bad string escape', 'userName eq "a\\qb"', /not a valid JSON string/],
    ['sub-attribute after ] without an operator', 'emails[type eq "work"].value', /must be followed by an operator/],
    ['sub-attribute after ] not adjacent', 'emails[type eq "work"] .value eq "x"', /unexpected '\.value'/],
  ];
  it.each(cases)('%s: %s', (_name, filter, detail) => {
    const error = rejection(filter);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toMatch(detail);
    expect(error.toBody()).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });

  it('bounds nesting depth instead of overflowing the stack', () => {
    const deep = `${'not ('.repeat(100)}title pr${')'.repeat(100)}`;
    expect(rejection(deep).detail).toMatch(/nesting deeper/);
  });
});

describe('compileValueFilter', () => {
  it('compiles a filter over the elements of a complex attribute', () => {
    const emails = userSchema.resolve('emails')!.attribute;
    const work = compileValueFilter('type eq "WORK" and value ew "example.com"', emails);
    expect(work({ type: 'work', value: 'a@example.com' })).toBe(true);
    expect(work({ type: 'home', value: 'a@example.com' })).toBe(false);
    expect(() => compileValueFilter('nope pr', emails)).toThrow(ScimError);
  });
});

describe('userNameEquality', () => {
  it('recognises a lone eq on userName, id or externalId', () => {
    expect(userNameEquality('userName eq "BJensen"', userSchema)).toEqual({ attribute: 'userName', value: 'BJensen', caseExact: false });
    expect(userNameEquality('USERNAME EQ "x"', userSchema)).toEqual({ attribute: 'userName', value: 'x', caseExact: false });
    expect(userNameEquality(`${SCHEMA.user}:userName eq "x"`, userSchema)).toMatchObject({ attribute: 'userName', value: 'x' });
    expect(userNameEquality('externalId eq "EXT-BJ"', userSchema)).toEqual({ attribute: 'externalId', value: 'EXT-BJ', caseExact: true });
    expect(userNameEquality('id eq "u-1"', userSchema)).toEqual({ attribute: 'id', value: 'u-1', caseExact: true });
    expect(userNameEquality('(userName eq "x")', userSchema)).toMatchObject({ attribute: 'userName' });
    expect(userNameEquality('id eq "g-eng"', groupSchema)).toMatchObject({ attribute: 'id', value: 'g-eng' });
  });

  it('declines everything else without throwing', () => {
    for (const filter of [
      'userName eq "a" and active eq true',
      'userName eq "a" or userName eq "b"',
      'userName ne "a"',
      'userName sw "a"',
      'userName eq null',
      'userName eq 5',
      'not (userName eq "a")',
      'emails.value eq "a@example.com"',
      'name.givenName eq "a"',
      'displayName eq "a"',
      `${ENT}:employeeNumber eq "1"`,
      'userName eq',
      '',
      'bogus eq "x"',
    ]) {
      expect(userNameEquality(filter, userSchema), filter).toBeUndefined();
    }
    expect(userNameEquality('userName eq "a"', groupSchema)).toBeUndefined();
  });

  it('never changes results: the store still runs the predicate on the candidates', () => {
    const hit = userNameEquality('userName eq "BJENSEN"', userSchema)!;
    const candidates = users.filter((u) => String(u.userName).toLowerCase() === hit.value.toLowerCase());
    expect(candidates.filter(compileFilter('userName eq "BJENSEN"', userSchema)).map((u) => u.id)).toEqual(['u-bjensen']);
  });
});

describe('indexedEqualities', () => {
  it('takes an or of indexed equalities apart, nested or not', () => {
    expect(indexedEqualities(parseFilter('userName eq "a" or id eq "u-1" or (externalId eq "e" or userName eq "b")'), userSchema)).toEqual([
      { attribute: 'userName', value: 'a', caseExact: false },
      { attribute: 'id', value: 'u-1', caseExact: true },
      { attribute: 'externalId', value: 'e', caseExact: true },
      { attribute: 'userName', value: 'b', caseExact: false },
    ]);
    expect(indexedEqualities(parseFilter('userName eq "a"'), userSchema)).toHaveLength(1);
  });

  it('declines an or with any clause an index cannot answer', () => {
    for (const filter of ['userName eq "a" or title pr', 'userName eq "a" or userName sw "b"', 'userName eq "a" and userName eq "b"', 'not (userName eq "a" or userName eq "b")']) {
      expect(indexedEqualities(parseFilter(filter), userSchema), filter).toBeUndefined();
    }
  });
});

describe('compareValues', () => {
  const def = (path: string) => {
    const resolved = userSchema.resolve(path)!;
    return resolved.subAttribute ?? resolved.attribute;
  };

  it('folds case unless caseExact', () => {
    expect(compareValues('BJensen', 'bjensen', def('userName'))).toBe(0);
    expect(compareValues('alice', 'Bob', def('userName'))).toBeLessThan(0);
    expect(compareValues('ABC', 'abc', def('externalId'))).toBeLessThan(0);
    expect(compareValues('abc', 'abc', def('id'))).toBe(0);
  });

  it('orders dateTimes chronologically and numbers numerically', () => {
    expect(compareValues('2011-05-13T04:42:34Z', '2011-05-13T06:42:34+02:00', def('meta.created'))).toBe(0);
    expect(compareValues('2011-05-13T04:42:34Z', '2011-05-13T05:42:34+02:00', def('meta.created'))).toBeGreaterThan(0);
    expect(compareValues(2, 10, attr('n', 'n', { type: 'integer' }))).toBeLessThan(0);
    expect(compareValues(false, true, def('active'))).toBeLessThan(0);
  });

  it('orders missing and mistyped values last, and sorts with Array.prototype.sort', () => {
    expect(compareValues(undefined, 'a', def('userName'))).toBeGreaterThan(0);
    expect(compareValues('a', null, def('userName'))).toBeLessThan(0);
    expect(compareValues(undefined, null, def('userName'))).toBe(0);
    const names = ['nobody', null, 'JSmith', 'bjensen', 'jdoe'];
    expect(names.sort((a, b) => compareValues(a, b, def('userName')))).toEqual(['bjensen', 'jdoe', 'JSmith', 'nobody', null]);
  });

  it('compares complex values by their value sub-attribute', () => {
    expect(compareValues({ value: 'B@x' }, { value: 'a@x' }, def('emails'))).toBeGreaterThan(0);
  });
});

describe('one comparison, read without the library (issue 12)', () => {
  /** The same filter in parentheses goes through the rewrite and scim2-parse-filter: one character later. */
  const shifted = (node: FilterNode): FilterNode => ('path' in node && node.op !== '[]' ? { ...node, path: { ...node.path, position: node.path.position - 1 } } : node);

  it.each([
    'userName eq "bjensen@example.com"',
    'USERNAME EQ "x"',
    `${SCHEMA.user}:userName eq "x"`,
    'externalId eq "a\\"b"',
    'title pr',
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'emails.value co "@example.com"',
    'active eq true',
    'x.y ne null',
    'count ge -1.5e3',
    '  name.familyName sw "J"  ',
  ])('%s: the same tree as the parser gives', (filter) => {
    expect(parseFilter(filter)).toEqual(shifted(parseFilter(`(${filter})`)));
  });

  it('still refuses what is not one comparison', () => {
    expect(() => parseFilter('userName eq')).toThrow(ScimError);
    expect(() => parseFilter('"x" eq userName')).toThrow(ScimError);
    expect(() => parseFilter('userName "x" eq')).toThrow(ScimError);
  });

  it('finds the index from the parsed tree as from the text', () => {
    expect(indexedEquality(parseFilter('userName eq "BJensen"'), userSchema)).toEqual(userNameEquality('userName eq "BJensen"', userSchema));
  });
});

describe('comparisons joined by or, read without the library (issue 12)', () => {
  /** Positions aside (parentheses move them), the tree the rewrite and scim2-parse-filter give. */
  const unplaced = (node: FilterNode): unknown => JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === 'position' ? 0 : value)));
  const viaLibrary = (filter: string) => filter.split(/ or /i).map((one) => `(${one})`).join(' or ');

  it.each([
    'userName eq "a" or userName eq "b"',
    'userName eq "a" OR id eq "u-1" or externalId eq "e\\"x"',
    'title pr or userName eq "x"',
    'userName eq "a" or title pr',
    'active eq true or x.y ne null or count ge -1.5e3',
  ])('%s: the same tree as the parser gives', (filter) => {
    const fast = parseFilter(filter);
    expect(fast.op).toBe('or');
    expect(unplaced(fast)).toEqual(unplaced(parseFilter(viaLibrary(filter))));
  });

  it('leaves every other shape to the parser: and binds tighter, groups and not are its own', () => {
    expect(unplaced(parseFilter('a eq "1" or b eq "2" and c eq "3"'))).toEqual({
      op: 'or',
      filters: [
        { op: 'eq', path: { text: 'a', position: 0 }, value: '1' },
        { op: 'and', filters: [{ op: 'eq', path: { text: 'b', position: 0 }, value: '2' }, { op: 'eq', path: { text: 'c', position: 0 }, value: '3' }] },
      ],
    });
    expect(parseFilter('not (a eq "1") or b eq "2"').op).toBe('or');
    expect(() => parseFilter('userName eq "a" or')).toThrow(ScimError);
    expect(() => parseFilter('userName eq "a" or or id eq "b"')).toThrow(ScimError);
    expect(() => parseFilter('userName eq "a" id eq "b"')).toThrow(ScimError);
    expect(() => parseFilter('userName eq "a" or "b" eq id')).toThrow(ScimError);
  });
});
