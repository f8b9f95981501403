/** Issue 11, finding 3 and issue 12: passwords are kept as salted hashes (scrypt or SHA-256), never as cleartext. */
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordHasher, SCRYPT_HASHER, SHA256_HASHER, verifyPassword } from './password.js';

describe('hashPassword / verifyPassword, scrypt (the default)', () => {
  const stored = hashPassword('t1meMa$heen');

  it('stores no cleartext: a self-describing scrypt string', () => {
    expect(stored).toMatch(/^\$scrypt\$N=4096,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(stored).not.toContain('t1meMa$heen');
  });

  it('salts: the same password twice gives two different strings, both verifying', () => {
    const again = hashPassword('t1meMa$heen');
    expect(again).not.toBe(stored);
    expect(verifyPassword(again, 't1meMa$heen')).toBe(true);
  });

  it('verifies the password and nothing else', () => {
    expect(verifyPassword(stored, 't1meMa$heen')).toBe(true);
    expect(verifyPassword(stored, 't1meMa$heeN')).toBe(false);
    expect(verifyPassword(stored, '')).toBe(false);
  });

  it('compares Unicode passwords in NFC, so the same text typed two ways is the same password', () => {
    expect(verifyPassword(hashPassword('caf\u00e9'), 'cafe\u0301')).toBe(true);
  });

  it.each([
    ['cleartext', 't1meMa$heen'],
    ['not a string', 42],
    ['another cost (a planted N=2^30 must not be computed)', stored.replace('N=4096', 'N=1073741824')],
    ['a truncated hash', stored.slice(0, -8)],
  ])('refuses a stored value that is %s', (_, value) => {
    expect(verifyPassword(value, 't1meMa$heen')).toBe(false);
  });
});

describe('salted SHA-256 (in-memory store)', () => {
  const stored = hashPassword('t1meMa$heen', SHA256_HASHER);

  it('stores no cleartext: `$sha256$<16-byte salt>$<32-byte hash>`, base64', () => {
    expect(stored).toMatch(/^\$sha256\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(stored).not.toContain('t1meMa$heen');
  });

  it('salts, verifies the password and nothing else, in NFC', () => {
    const again = hashPassword('t1meMa$heen', SHA256_HASHER);
    expect(again).not.toBe(stored);
    expect(verifyPassword(again, 't1meMa$heen')).toBe(true);
    expect(verifyPassword(stored, 't1meMa$heen')).toBe(true);
    expect(verifyPassword(stored, 't1meMa$heeN')).toBe(false);
    expect(verifyPassword(stored, '')).toBe(false);
    expect(verifyPassword(hashPassword('caf\u00e9', SHA256_HASHER), 'cafe\u0301')).toBe(true);
  });

  it.each([
    ['a truncated hash', stored.slice(0, -8)],
    ['the scheme renamed to scrypt', stored.replace('$sha256$', '$scrypt$')],
    ['an unsalted hash', stored.replace(/^\$sha256\$[^$]+\$/, '$sha256$')],
  ])('refuses a stored value that is %s', (_, value) => {
    expect(verifyPassword(value, 't1meMa$heen')).toBe(false);
  });
});

describe('passwordHasher', () => {
  it('scrypt for hashes that reach the disk, SHA-256 for hashes that stay in memory', () => {
    expect(passwordHasher(true)).toBe(SCRYPT_HASHER);
    expect(passwordHasher(false)).toBe(SHA256_HASHER);
  });
});
