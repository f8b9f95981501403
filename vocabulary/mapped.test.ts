import { describe, expect, it } from 'vitest';
import { mappedDifferences } from './mapped.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const mapped = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  userName: 'Ada@Example.com',
  active: true,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ primary: true, type: 'work', value: 'Ada@Example.com' }],
  roles: [],
  title: '',
  meta: { resourceType: 'User' },
  [ENT]: { department: 'Research', manager: { value: 'm-1' } },
};

const stored = {
  id: '1',
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  username: 'ada@example.com',
  active: false,
  name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
  emails: [{ type: 'home', value: 'ada@home.example' }, { type: 'WORK', value: 'ada@example.com', primary: true }],
  [ENT]: { department: 'Research', manager: { value: 'm-1', displayName: 'Boss' } },
  meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z' },
};

describe('mappedDifferences', () => {
  it('finds nothing when every mapped value is there (case rules of the RFC, extra attributes and server-set ones ignored)', () => {
    expect(mappedDifferences(mapped, stored)).toEqual([]);
  });

  it('names each missing or different value by its path', () => {
    const drifted = {
      ...stored,
      name: { givenName: 'ADA' },
      emails: [{ type: 'home', value: 'ada@example.com' }],
      [ENT]: { department: 'Sales' },
    };
    expect(mappedDifferences(mapped, drifted)).toEqual([
      { path: 'name.givenName', expected: 'Ada', actual: 'ADA' },
      { path: 'name.familyName', expected: 'Lovelace', actual: undefined },
      { path: 'emails[value eq "Ada@Example.com"]', expected: mapped.emails[0], actual: drifted.emails },
      { path: `${ENT}.department`, expected: 'Research', actual: 'Sales' },
      { path: `${ENT}.manager.value`, expected: 'm-1', actual: undefined },
    ]);
  });

  it('compares userName without case, other strings exactly', () => {
    expect(mappedDifferences({ userName: 'A@B.C', displayName: 'Ada' }, { userName: 'a@b.c', displayName: 'ada' })).toEqual([
      { path: 'displayName', expected: 'Ada', actual: 'ada' },
    ]);
  });

  it('treats an empty string as no value (RFC 7643 §2.5), as OneLogin renders a missing one', () => {
    expect(mappedDifferences({ title: '', name: { middleName: '' } }, {})).toEqual([]);
  });
});
