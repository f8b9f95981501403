import { describe, expect, it } from 'vitest';
import { lookupPath, parseTemplate, readPath, renderTemplate, renderText, TemplateError, templateReferences, type TemplateContext } from './template.js';

const context: TemplateContext = {
  users: {
    user1: { email: 'ada.lovelace@example.com', givenName: 'Ada', familyName: 'Lovelace', userName: 'ada.lovelace@example.com', dockerRole: 'owner' },
  },
  vars: { userId: '2819c223', count: 3, flags: { admin: true }, nothing: null },
  response: {
    status: 201,
    headers: { location: 'https://scim.example.com/Users/2819c223', etag: 'W/"1"' },
    body: {
      id: '2819c223',
      emails: [{ value: 'ada.lovelace@example.com', primary: true }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
    },
  },
  run: { seed: 7, id: 'r8k2', tag: 'sc-r8k2-1', groupPrefix: '' },
};

/** The error a render throws, to assert on its fields. */
function renderError(value: unknown, ctx: TemplateContext = context): TemplateError {
  try {
    renderTemplate(value, ctx);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('renderTemplate', () => {
  it('renders templates inside text, with or without spaces in the braces', () => {
    expect(renderTemplate('userName eq "{{ users.user1.email }}"', context)).toBe('userName eq "ada.lovelace@example.com"');
    expect(renderTemplate('{{users.user1.givenName}} {{ users.user1.familyName }}-{{ run.id }}', context)).toBe('Ada Lovelace-r8k2');
  });

  it('gives the raw value for a string that is exactly one template', () => {
    expect(renderTemplate('{{ vars.count }}', context)).toBe(3);
    expect(renderTemplate('{{ vars.flags }}', context)).toEqual({ admin: true });
    expect(renderTemplate('{{ vars.nothing }}', context)).toBeNull();
    expect(renderTemplate('{{ response.status }}', context)).toBe(201);
  });

  it('stringifies non-text values inside text', () => {
    expect(renderTemplate('count={{ vars.count }} flags={{ vars.flags }} none={{ vars.nothing }}', context)).toBe('count=3 flags={"admin":true} none=null');
  });

  it('renders deeply through objects and arrays, leaving keys and non-strings alone', () => {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: '{{ users.user1.email }}',
      '{{ not.a.key }}': 1,
      active: true,
      emails: [{ value: '{{ users.user1.email }}', primary: true }],
      count: '{{ vars.count }}',
    };
    expect(renderTemplate(body, context)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada.lovelace@example.com',
      '{{ not.a.key }}': 1,
      active: true,
      emails: [{ value: 'ada.lovelace@example.com', primary: true }],
      count: 3,
    });
  });

  it('does not let a rendered raw value alias the context', () => {
    const flags = renderTemplate('{{ vars.flags }}', context) as { admin: boolean };
    flags.admin = false;
    expect(context.vars.flags).toEqual({ admin: true });
  });

  it('reaches array elements and keys containing dots (extension URNs)', () => {
    expect(renderTemplate('{{ response.body.emails.0.value }}', context)).toBe('ada.lovelace@example.com');
    expect(renderTemplate('{{ response.body.urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department }}', context)).toBe('R&D');
  });

  it('names the reference and what exists when it does not resolve', () => {
    const user = renderError({ filter: 'userName eq "{{ users.user9.email }}"' });
    expect(user.reference).toBe('users.user9.email');
    expect(user.message).toBe("unknown reference 'users.user9.email': 'users' has no 'user9' (has user1)");
    expect(renderError('{{ vars.userid }}').message).toBe("unknown reference 'vars.userid': 'vars' has no 'userid' (has userId, count, flags, nothing)");
    expect(renderError('{{ response.body.emails.3.value }}').message).toBe("unknown reference 'response.body.emails.3.value': 'response.body.emails' has no index 3 (length 1)");
    expect(renderError('{{ users.user1.email.domain }}').message).toBe(
      "unknown reference 'users.user1.email.domain': 'users.user1.email' is \"ada.lovelace@example.com\", not an object",
    );
    expect(renderError('{{ user.user1 }}').message).toBe("unknown reference 'user.user1': it must start with users, vars, response, run");
  });

  it('says when there is no response yet', () => {
    const { response: _none, ...withoutResponse } = context;
    expect(renderError('{{ response.body.id }}', withoutResponse).message).toBe(
      "unknown reference 'response.body.id': no response yet (no request has run before this step)",
    );
  });

  it('rejects malformed and unclosed templates', () => {
    expect(renderError('{{ }}').message).toMatch(/^malformed template '\{\{ \}\}'/);
    expect(renderError('{{ users.user1 email }}').message).toMatch(/^malformed template/);
    expect(renderError('/Users/{{ vars.userId').message).toBe("unclosed template '{{ vars.userId': missing '}}'");
  });

  it('renderText always yields text', () => {
    expect(renderText('{{ vars.count }}', context)).toBe('3');
    expect(renderText('{{ vars.flags }}', context)).toBe('{"admin":true}');
    expect(renderText('/Users', context)).toBe('/Users');
  });
});

describe('parsing', () => {
  it('lists references and keeps the text between them', () => {
    expect(templateReferences('a {{ x.y }} b {{z}}')).toEqual(['x.y', 'z']);
    expect(parseTemplate('a {{ x }}')).toEqual([{ text: 'a ' }, { reference: 'x' }]);
    expect(parseTemplate('no templates } here')).toEqual([{ text: 'no templates } here' }]);
  });
});

describe('readPath', () => {
  const value = { a: { b: [{ c: 1 }, { c: 2 }] }, 'x.y': { z: true }, n: null };

  it('follows dotted paths through objects and arrays', () => {
    expect(readPath(value, 'a.b.1.c')).toBe(2);
    expect(readPath(value, 'a.b.0')).toEqual({ c: 1 });
    expect(readPath(value, '')).toBe(value);
    expect(readPath(value, 'x.y.z')).toBe(true);
    expect(readPath(value, 'n')).toBeNull();
  });

  it('is undefined for what is not there', () => {
    expect(readPath(value, 'a.b.2.c')).toBeUndefined();
    expect(readPath(value, 'a.b.first')).toBeUndefined();
    expect(readPath(value, 'n.x')).toBeUndefined();
    expect(readPath(undefined, 'a')).toBeUndefined();
    expect(readPath('text', 'length')).toBeUndefined();
  });

  it('tells where a lookup stopped', () => {
    expect(lookupPath(value, 'a.q')).toEqual({ found: false, resolved: 'a', missing: 'q', container: value.a });
  });
});
