/**
 * How the provider keeps a User's `password` (RFC 7643 §4.1.1: "The cleartext value or the hashed value of a
 * password SHALL NOT be returnable"): a salted scrypt hash, never the cleartext, so neither a dump of the store
 * nor a query can give it back (issue 11, finding 3). The parameters are written into the stored string, so a
 * hash made with other ones is recognised as such (and refused) instead of being misread.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * N = 2^12, r = 8, p = 1: 4 MiB and ~5–25 ms a hash. Node's default 2^14 costs 4× that, and the handler is
 * synchronous, so every password write blocks all clients for its hash: at 2^14 a Bulk of 1,000 Okta creates
 * (each carries a password) held a 2-core machine for over a minute, and the harness self-test took twice as
 * long. The passwords here are IdP-generated test values; what matters is that no cleartext is kept and none
 * can be read or ordered back.
 */
const COST = { N: 2 ** 12, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const FORMAT = /^\$scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/;

/** `$scrypt$N=16384,r=8,p=1$<salt>$<hash>` (base64), with a fresh random salt. */
export function hashPassword(cleartext: string): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptSync(cleartext.normalize('NFC'), salt, KEY_BYTES, COST);
  return `$scrypt$N=${COST.N},r=${COST.r},p=${COST.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Whether `cleartext` is the password `stored` was made from; false for anything that is not such a hash. */
export function verifyPassword(stored: unknown, cleartext: string): boolean {
  const parts = typeof stored === 'string' ? FORMAT.exec(stored) : null;
  if (!parts) return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Only this module's own parameters are read back: a planted huge cost must not make verifying the attack.
  if (N !== COST.N || r !== COST.r || p !== COST.p) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const actual = scryptSync(cleartext.normalize('NFC'), Buffer.from(parts[4]!, 'base64'), KEY_BYTES, COST);
  return timingSafeEqual(actual, expected);
}
