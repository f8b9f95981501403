/**
 * The organization model on its own (no HTTP): prerequisites lock SCIM, enabling needs both, unsetting
 * one while SCIM is on switches it off, and `ScimAccess.setEnabled(true)` cannot bypass the lock.
 */
import { describe, expect, it } from 'vitest';
import { Organization, ScimAccess, ScimLockedError, type OrganizationEvent } from '../auth.js';

function locked(): { access: ScimAccess; org: Organization; events: OrganizationEvent[] } {
  const access = new ScimAccess('tok-123456');
  const org = new Organization(access, { ssoConfigured: false, domainVerified: false, domain: 'acme.test' });
  const events: OrganizationEvent[] = [];
  org.onChange((e) => events.push(e));
  return { access, org, events };
}

describe('Organization', () => {
  it('defaults: prerequisites met, SCIM enabled', () => {
    const access = new ScimAccess();
    const org = new Organization(access);
    expect(org.state).toMatchObject({ name: 'acme', ssoConfigured: true, domainVerified: true, domain: 'example.com', scimEnabled: true, scimLocked: false });
    expect(access.isEnabled).toBe(true);
  });

  it('unmet prerequisites start with SCIM off; asking for it on is an error', () => {
    const { access, org } = locked();
    expect(access.isEnabled).toBe(false);
    expect(org.state.lockReasons).toEqual(['SAML SSO is not configured', 'the company domain (acme.test) is not verified']);
    expect(() => new Organization(new ScimAccess(), { ssoConfigured: false, scimEnabled: true })).toThrow(ScimLockedError);
  });

  it('the lock holds for enableScim and for access.setEnabled(true) alike', () => {
    const { access, org } = locked();
    expect(() => org.enableScim()).toThrow(ScimLockedError);
    org.setSsoConfigured(true);
    expect(() => access.setEnabled(true)).toThrow(/company domain \(acme\.test\) is not verified/);
    org.verifyDomain();
    expect(org.state.scimLocked).toBe(false);
    expect(access.isEnabled).toBe(false);
    org.enableScim();
    expect(access.isEnabled).toBe(true);
  });

  it('unsetting a prerequisite while enabled disables SCIM and says so', () => {
    const { access, org, events } = locked();
    org.setSsoConfigured(true);
    org.verifyDomain('acme.test');
    org.enableScim();
    events.length = 0;
    const change = org.setSsoConfigured(false);
    expect(change.scimDisabled).toBe(true);
    expect(change.message).toMatch(/SCIM has been disabled/);
    expect(access.isEnabled).toBe(false);
    expect(events.map((e) => e.kind)).toEqual(['scim-disabled', 'prerequisite-changed']);
    expect(events[1]).toMatchObject({ prerequisite: 'ssoConfigured', met: false, scimDisabled: true });
  });

  it('domains are normalised and validated', () => {
    const { org } = locked();
    expect(() => org.verifyDomain('not a domain')).toThrow(RangeError);
    expect(() => org.verifyDomain('localhost')).toThrow(RangeError);
    expect(() => org.verifyDomain('-bad.com')).toThrow(RangeError);
    expect(org.state.domainVerified).toBe(false);
    org.verifyDomain(' Docs.Example.ORG. ');
    expect(org.state).toMatchObject({ domain: 'docs.example.org', domainVerified: true });
    org.unverifyDomain();
    expect(org.state).toMatchObject({ domain: 'docs.example.org', domainVerified: false });
  });

  it('a new token is timestamped and forwarded as an event', () => {
    const access = new ScimAccess('tok-123456');
    const org = new Organization(access);
    const events: OrganizationEvent[] = [];
    org.onChange((e) => events.push(e));
    const token = org.regenerateToken();
    expect(token).not.toBe('tok-123456');
    expect(access.currentToken).toBe(token);
    expect(events).toEqual([{ kind: 'token-regenerated' }]);
    expect(Date.parse(org.state.tokenIssuedAt)).toBeGreaterThan(0);
  });
});
