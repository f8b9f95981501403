/**
 * The simulated IdP directory: seeded faker users, so the same seed always gives the same people and a
 * failing run can be replayed exactly. Users are keyed `user1`…`userN` in scenarios.
 */
import { createHash } from 'node:crypto';
import { base, en, Faker } from '@faker-js/faker';
import type { DockerRole } from '../vocabulary/constants.js';

export interface DirectoryUser {
  key: string;
  givenName: string;
  familyName: string;
  displayName: string;
  /** On the directory's (verified) domain; also the SCIM userName every profile maps by default. */
  email: string;
  userName: string;
  /** The IdP's immutable object id (Entra objectId, Okta user id): sent as externalId. */
  externalId: string;
  department: string;
  employeeNumber: string;
  title: string;
  mobilePhone: string;
  locale: string;
  /** Directory key of the user's manager, if any. */
  manager: string | undefined;
  dockerRole: DockerRole | undefined;
  dockerOrg: string | undefined;
  dockerTeam: string | undefined;
}

export interface DirectorySpec {
  seed: number;
  users: number;
  domain?: string;
  /** Docker role mapping set in the IdP, per user key. */
  roles?: Record<string, DockerRole>;
  /** Generated attributes replaced (or cleared with null), per user key. */
  overrides?: Record<string, Record<string, string | null | undefined>>;
  /**
   * Marks every identity as one run's (harness/runner/identity.ts): emails and userNames get `.<tag>` before the
   * `@`, externalIds a tag-derived last group, so shared targets never see the same person twice. The rest of
   * each identity still comes from the seed alone.
   */
  tag?: string;
}

export class Directory {
  readonly seed: number;
  readonly domain: string;
  readonly tag: string | undefined;
  private readonly users = new Map<string, DirectoryUser>();

  constructor(spec: DirectorySpec) {
    this.seed = spec.seed;
    this.domain = spec.domain ?? 'example.com';
    this.tag = spec.tag;
    const faker = new Faker({ locale: [en, base] });
    faker.seed(spec.seed);
    const taken = new Set<string>();
    const lastName = lastNameMaker(faker);
    const jobTitle = jobTitleMaker(faker);
    for (let i = 1; i <= spec.users; i += 1) {
      const key = `user${i}`;
      const givenName = faker.person.firstName();
      const familyName = lastName();
      const local = ascii(`${givenName}.${familyName}`);
      let email = `${local}@${this.domain}`;
      for (let n = 2; taken.has(email); n += 1) email = `${local}${n}@${this.domain}`;
      taken.add(email);
      email = this.tagged(email);
      this.users.set(key, {
        key,
        givenName,
        familyName,
        displayName: `${givenName} ${familyName}`,
        email,
        userName: email,
        externalId: this.taggedId(faker.string.uuid()),
        department: faker.commerce.department(),
        employeeNumber: String(faker.number.int({ min: 10000, max: 99999 })),
        title: jobTitle(),
        mobilePhone: faker.phone.number({ style: 'international' }),
        locale: 'en-US',
        manager: undefined,
        dockerRole: spec.roles?.[key],
        dockerOrg: undefined,
        dockerTeam: undefined,
      });
    }
    for (const [key, changes] of Object.entries(spec.overrides ?? {})) this.update(key, changes);
  }

  get size(): number {
    return this.users.size;
  }

  keys(): string[] {
    return [...this.users.keys()];
  }

  has(key: string): boolean {
    return this.users.has(key);
  }

  get(key: string): DirectoryUser {
    const user = this.users.get(key);
    if (!user) throw new Error(`Unknown directory user '${key}' (the directory has ${this.describeKeys()}).`);
    return user;
  }

  /** Applies an admin's profile edit in the IdP (e.g. `name.familyName` or `familyName`, `dockerRole`). */
  update(key: string, changes: Record<string, string | null | undefined>): DirectoryUser {
    const before = this.get(key);
    const user = { ...before } as unknown as Record<string, unknown>;
    for (const [path, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      const field = DIRECTORY_FIELDS[path.toLowerCase()];
      if (!field) throw new Error(`Cannot set '${path}' on a directory user; settable: ${Object.keys(DIRECTORY_FIELDS).join(', ')}.`);
      user[field] = value === null ? undefined : field === 'email' || field === 'userName' ? this.tagged(value) : value;
    }
    const updated = user as unknown as DirectoryUser;
    // userName follows the email, as every profile maps it, unless the edit set userName itself.
    const setsUserName = Object.keys(changes).some((k) => k.toLowerCase() === 'username');
    if (!setsUserName && updated.email !== before.email && before.userName === before.email) updated.userName = updated.email;
    if (changes.givenName !== undefined || changes['name.givenName'] !== undefined || changes.familyName !== undefined || changes['name.familyName'] !== undefined) {
      if (changes.displayName === undefined) updated.displayName = `${updated.givenName} ${updated.familyName}`;
    }
    this.users.set(key, updated);
    return updated;
  }

  /** Plain data for templates (`{{ users.user1.email }}`). */
  toTemplateContext(): Record<string, DirectoryUser> {
    return Object.fromEntries(this.users);
  }

  /** An email or userName made this run's: `.<tag>` before the `@` (or at the end), once. */
  tagged(value: string): string {
    const tag = this.tag;
    // Already this scenario's (written with `{{ run.tag }}`): exactly `.<tag>` before the `@` or at the end.
    const lower = value.toLowerCase();
    const mark = `.${tag?.toLowerCase()}`;
    if (tag === undefined || lower.includes(`${mark}@`) || lower.endsWith(mark)) return value;
    const at = value.lastIndexOf('@');
    return at < 0 ? `${value}.${tag}` : `${value.slice(0, at)}.${tag}${value.slice(at)}`;
  }

  /** Keeps a UUID a UUID: its last group becomes a digest of it and the tag. */
  private taggedId(uuid: string): string {
    if (this.tag === undefined) return uuid;
    const digest = createHash('sha256').update(`${uuid}/${this.tag}`).digest('hex').slice(0, 12);
    return `${uuid.slice(0, 24)}${digest}`;
  }

  private describeKeys(): string {
    return this.users.size === 0 ? 'no users' : `user1..user${this.users.size}`;
  }
}

/** Scenario `set:` paths (SCIM-style or directory-style) to directory fields. */
const DIRECTORY_FIELDS: Record<string, keyof DirectoryUser> = {
  givenname: 'givenName',
  'name.givenname': 'givenName',
  familyname: 'familyName',
  'name.familyname': 'familyName',
  displayname: 'displayName',
  email: 'email',
  externalid: 'externalId',
  'emails.value': 'email',
  username: 'userName',
  department: 'department',
  employeenumber: 'employeeNumber',
  title: 'title',
  mobilephone: 'mobilePhone',
  locale: 'locale',
  manager: 'manager',
  dockerrole: 'dockerRole',
  dockerorg: 'dockerOrg',
  dockerteam: 'dockerTeam',
};

/*
 * Two of faker's generators, made without its template engine (`helpers.fake`), which re-reads the template and
 * resolves each `{{…}}` by name on every call: `person.lastName` took ~20 µs a user, more than the rest of a
 * user together (~0.3 s of a 10,000-user directory). Each draws the same random numbers in the same order as
 * faker's own, so a seed gives the same people (directory.test.ts compares them with faker's); a locale shaped
 * otherwise gets faker's own. The shape is looked at once per faker, not per user.
 */
export function lastNameMaker(faker: Faker): () => string {
  const bySex = faker.rawDefinitions.person?.last_name_pattern;
  const patterns = bySex?.generic;
  const names = faker.rawDefinitions.person?.last_name?.generic;
  // Patterns by sex would make faker draw between them: only the generic-only shape (en's) is made here.
  const slots = /^(?:\{\{person\.last_name\.generic\}\}|-)+$/;
  if (!bySex || Object.keys(bySex).join() !== 'generic' || !patterns || !names || !patterns.every((p) => slots.test(p.value))) return () => faker.person.lastName();
  return () => {
    // faker's lastName draws a sex first (unused when the locale has generic names only), then a pattern, then a name per slot.
    faker.person.sexType();
    const pattern = faker.helpers.weightedArrayElement(patterns);
    return pattern.replace(/\{\{person\.last_name\.generic\}\}/g, () => faker.helpers.arrayElement(names));
  };
}

export function jobTitleMaker(faker: Faker): () => string {
  const patterns = faker.rawDefinitions.person?.job_title_pattern;
  if (patterns?.length !== 1 || patterns[0] !== '{{person.jobDescriptor}} {{person.jobArea}} {{person.jobType}}') return () => faker.person.jobTitle();
  // `fake` picks the one pattern without drawing, then fills the slots left to right.
  return () => `${faker.person.jobDescriptor()} ${faker.person.jobArea()} ${faker.person.jobType()}`;
}

function ascii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9.]/g, '')
    .toLowerCase();
}
