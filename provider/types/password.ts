/**
 * How the provider keeps a User's `password` (RFC 7643 §4.1.1: "The cleartext value or the hashed value of a
 * password SHALL NOT be returnable"): salted and hashed, never the cleartext, so neither a dump of the store nor
 * a query can give it back (issue 11, finding 3). Each stored string names its scheme (and scrypt's parameters),
 * so a value made another way is recognised as such (and refused) instead of being misread.
 *
 * Which hash (issue 12): a slow KDF only protects a hash that leaves the process, where an attacker can try
 * guesses offline. With a durable store (`createProvider({ dataDir })`, `--data`) the hashes are written to disk,
 * so they get scrypt. In memory they die with the process, and nothing returns them, so a salted SHA-256 keeps
 * the cleartext out of the store at ~1 µs instead of ~14 ms a hash: Okta sends a password on every create, and
 * at scrypt's cost a 10,000-user sync spent 140 s of the synchronous handler hashing.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** Makes the stored form of a new password; chosen once per provider by {@link passwordHasher}. */
export interface PasswordHasher {
  readonly scheme: 'scrypt' | 'sha256';
  hash(cleartext: string): string;
}

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
const BASE64 = '([A-Za-z0-9+/]+=*)';
const SCRYPT_FORMAT = new RegExp(`^\\$scrypt\\$N=(\\d+),r=(\\d+),p=(\\d+)\\$${BASE64}\\$${BASE64}$`);
const SHA256_FORMAT = new RegExp(`^\\$sha256\\$${BASE64}\\$${BASE64}$`);

/** `$scrypt$N=4096,r=8,p=1$<salt>$<hash>` (base64), with a fresh random salt. */
export const SCRYPT_HASHER: PasswordHasher = {
  scheme: 'scrypt',
  hash(cleartext) {
    const salt = randomBytes(SALT_BYTES);
    return `$scrypt$N=${COST.N},r=${COST.r},p=${COST.p}$${salt.toString('base64')}$${scrypt(cleartext, salt).toString('base64')}`;
  },
};

/** `$sha256$<salt>$<hash>` (base64), with a fresh random salt: for hashes that never leave the process. */
export const SHA256_HASHER: PasswordHasher = {
  scheme: 'sha256',
  hash(cleartext) {
    const salt = freshSalt();
    return `$sha256$${salt.toString('base64')}$${sha256(cleartext, salt).toString('base64')}`;
  },
};

/** scrypt when the hashes are written to disk (`durable`), a salted SHA-256 when they stay in memory. */
export function passwordHasher(durable: boolean): PasswordHasher {
  return durable ? SCRYPT_HASHER : SHA256_HASHER;
}

/** The scrypt form, the safe default for a caller that does not say where the hash goes. */
export function hashPassword(cleartext: string, hasher: PasswordHasher = SCRYPT_HASHER): string {
  return hasher.hash(cleartext);
}

/** Whether `cleartext` is the password `stored` was made from (either scheme); false for anything else. */
export function verifyPassword(stored: unknown, cleartext: string): boolean {
  if (typeof stored !== 'string') return false;
  const salted = SHA256_FORMAT.exec(stored);
  if (salted) return matches(sha256(cleartext, Buffer.from(salted[1]!, 'base64')), salted[2]!);
  const parts = SCRYPT_FORMAT.exec(stored);
  if (!parts) return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Only this module's own parameters are read back: a planted huge cost must not make verifying the attack.
  if (N !== COST.N || r !== COST.r || p !== COST.p) return false;
  return matches(scrypt(cleartext, Buffer.from(parts[4]!, 'base64')), parts[5]!);
}

/** Constant-time comparison with a stored base64 hash; a hash of the wrong length never matches. */
function matches(actual: Buffer, expectedBase64: string): boolean {
  const expected = Buffer.from(expectedBase64, 'base64');
  return expected.length === KEY_BYTES && timingSafeEqual(actual, expected);
}

/** NFC first, so the same text typed two ways is the same password. */
function scrypt(cleartext: string, salt: Buffer): Buffer {
  return scryptSync(cleartext.normalize('NFC'), salt, KEY_BYTES, COST);
}

/**
 * Salts for the in-memory scheme, cut from a pool of random bytes filled 4 KiB at a time: a `randomBytes`
 * call per create was a percent of a 10,000-user sync. Each salt is its own copy, used once.
 */
const saltPool = { bytes: Buffer.alloc(0), at: 0 };

function freshSalt(): Buffer {
  if (saltPool.at + SALT_BYTES > saltPool.bytes.length) {
    saltPool.bytes = randomBytes(4096);
    saltPool.at = 0;
  }
  const salt = Buffer.from(saltPool.bytes.subarray(saltPool.at, saltPool.at + SALT_BYTES));
  saltPool.at += SALT_BYTES;
  return salt;
}

function sha256(cleartext: string, salt: Buffer): Buffer {
  return createHash('sha256').update(salt).update(cleartext.normalize('NFC'), 'utf8').digest();
}
