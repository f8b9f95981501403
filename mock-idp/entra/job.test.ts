/**
 * Entra's provisioning job on the wire: provision on demand beside it (E1, E18), throttling either way the sources
 * tell it (E13), the escrow of failed users and its retries in later cycles (E3, E13), quarantine after failing
 * start-up calls and how the job leaves it (E3, E17).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE } from '../../vocabulary/constants.js';
import { createBodyOf, closeHarnesses, harness, line, patch, perform, provision, scimError, seedUser, wire } from './wire-support.js';

afterEach(closeHarnesses);

/** A target whose requests can be made to fail from some point on: `fail` answers instead of it while set. */
function faulty(settings: Record<string, unknown> = {}) {
  let fail: ((request: Request) => Response | undefined) | undefined;
  const h = harness({ settings, intercept: (request) => fail?.(request) });
  return Object.assign(h, {
    failWith(f: ((request: Request) => Response | undefined) | undefined) {
      fail = f;
    },
  });
}

const isProbe = (request: Request) => /^userName eq "[0-9a-f-]{36}"$/.test(new URL(request.url).searchParams.get('filter') ?? '');
const patches = (h: { take(): { method: string; body: unknown }[] }) => h.take().filter((r) => r.method === 'PATCH').map((r) => r.body);

describe('Entra job: provision on demand or a cycle (E1, E18)', () => {
  it('provision on demand ignores aadOptscim062020: a linked user gets capitalized ops and "True" (E1)', async () => {
    const h = harness({ settings: { aadOptscim062020: true } });
    const u = h.directory.get('user1');
    await seedUser(h, { userName: u.userName, title: 'Stale', active: false });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.messages.join(' ')).toMatch(/Provision on demand ignores the aadOptscim062020 flag \(E1\)/);
    const [, linked] = h.take();
    expect(linked!.behaviour).toBe('entra.user.link-patch');
    expect((linked!.body as { Operations: { op: string; value?: unknown }[] }).Operations).toContainEqual({ op: 'Replace', path: 'active', value: 'True' });
    expect((linked!.body as { Operations: { op: string }[] }).Operations.every((o) => /^[A-Z]/.test(o.op))).toBe(true);
  });

  it('assignBy: cycle is the next incremental cycle, where the flag applies (E1, E3)', async () => {
    const h = harness({ settings: { aadOptscim062020: true, assignBy: 'cycle' } });
    const u = h.directory.get('user1');
    await seedUser(h, { userName: u.userName, title: 'Stale', active: false });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const [, linked] = h.take();
    expect(linked!.behaviour).toBe('entra.patch.aadoptscim062020');
    // Two plain replaces (title, active) travel as one path-less replace under the flag.
    expect((linked!.body as { Operations: unknown[] }).Operations).toContainEqual({ op: 'replace', value: { title: u.title, active: true } });
  });
});

describe('Entra job: throttling (E13)', () => {
  it('honours 429 + Retry-After and retries exactly the failed request (throttling: retryAfter)', async () => {
    let throttled = 0;
    const h = harness({
      intercept: (r) => {
        if (r.method === 'POST' && throttled === 0) {
          throttled += 1;
          return Response.json({ schemas: [MESSAGE.error], status: '429', detail: 'slow down' }, { status: 429, headers: { 'Retry-After': '2' } });
        }
        return undefined;
      },
    });
    const waits: number[] = [];
    h.ctx.http.sleep = async (ms) => {
      waits.push(ms);
    };
    const u = h.directory.get('user1');
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent.map((r) => r.method)).toEqual(['GET', 'POST', 'POST']);
    expect(wire(sent[2]!)).toEqual(wire(sent[1]!));
    expect(sent[2]!.body).toEqual(createBodyOf(u));
    expect(sent[2]!.label).toBe('create user1 (retry 1)');
    expect(sent[2]!.behaviour).toBe('entra.user.create');
    expect(waits).toEqual([2000]);
    expect(h.provider.store.count('User')).toBe(1);
  });

  it('retries a throttled PATCH alone', async () => {
    let throttled = false;
    const h = harness({
      intercept: (r) => {
        if (r.method === 'PATCH' && !throttled) {
          throttled = true;
          return new Response(null, { status: 429, headers: { 'Retry-After': '1' } });
        }
        return undefined;
      },
    });
    await provision(h, 'user1');
    await perform(h, { kind: 'unassign', users: ['user1'] });
    const sent = h.take();
    expect(sent.map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    expect(sent[1]!.body).toEqual(sent[0]!.body);
    expect(h.state.deactivated.has('user1')).toBe(true);
  });

  it('gives up after five attempts and reports it', async () => {
    const h = harness({ intercept: (r) => (r.method === 'POST' ? new Response(null, { status: 429, headers: { 'Retry-After': '0' } }) : undefined) });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST', 'POST', 'POST', 'POST', 'POST']);
    expect(outcome.messages[0]).toMatch(/HTTP 429/);
  });

  it('does not retry a 400', async () => {
    const h = harness({ intercept: (r) => (r.method === 'POST' ? scimError(400) : undefined) });
    await perform(h, { kind: 'assign', users: ['user1'] });
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('throttling: nextCycle logs a 429 as a failure and retries the user from escrow in the next cycle (E13)', async () => {
    const h = faulty({ throttling: 'nextCycle' });
    h.failWith((r) => (r.method === 'POST' ? new Response(null, { status: 429, headers: { 'Retry-After': '1' } }) : undefined));
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages.join(' ')).toMatch(/HTTP 429.*escrowed user1 \(failure 1\): the assignment stays, and the job's next cycle retries it/s);
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
    h.failWith(undefined);
    const next = await perform(h, { kind: 'update', user: 'user2', set: {} });
    expect(next.ok).toBe(true);
    expect(next.messages.join(' ')).toMatch(/retried user1 from escrow \(after 1 failure\(s\)\) and succeeded/);
    expect(h.take().map(line)).toEqual(['GET /Users', 'POST /Users']);
    expect(h.state.provisioned.has('user1')).toBe(true);
  });
});

describe('Entra job: escrow (E3, E13)', () => {
  it('escrows a user whose PATCH failed and retries it in each later cycle, backing off 30 min, 1 h, 2 h', async () => {
    const h = faulty();
    await provision(h, 'user1', 'user2');
    const id1 = h.state.provisioned.get('user1')!;
    h.failWith((r) => (r.method === 'PATCH' && r.url.endsWith(id1) ? scimError(500, 'busy') : undefined));
    h.directory.update('user1', { title: 'Principal' });
    const first = await perform(h, { kind: 'update', user: 'user1', set: { title: 'Principal' } });
    expect(first.ok).toBe(false);
    expect(first.messages.join(' ')).toMatch(/could not update user1.*HTTP 500 \(busy\).*escrowed user1 \(failure 1\): the next cycle retries it, after about 30 minutes at Entra/s);
    h.take();
    // The next cycle is about someone else: it retries user1 first, which fails again (about 1 hour).
    h.directory.update('user2', { title: 'Lead' });
    const second = await perform(h, { kind: 'update', user: 'user2', set: { title: 'Lead' } });
    expect(second.messages.join(' ')).toMatch(/escrowed user1 \(failure 2\).*about 1 hour/s);
    expect(h.take().map(line)).toEqual(['GET /Users', `PATCH /Users/${id1}`, 'GET /Users', `PATCH /Users/${h.state.provisioned.get('user2')}`]);
    await perform(h, { kind: 'update', user: 'user2', set: {} });
    expect(h.state.adminTasks.join(' ')).toMatch(/could not update user1/);
    h.take();
    // The target recovers: the next cycle of any kind delivers the escrowed change.
    h.failWith(undefined);
    const recovered = await perform(h, { kind: 'unassign', users: ['user3'] });
    expect(recovered.ok).toBe(true);
    expect(recovered.messages.join(' ')).toMatch(/retried user1 from escrow \(after 3 failure\(s\)\) and succeeded/);
    expect(patches(h)).toEqual([patch({ op: 'Replace', path: 'title', value: 'Principal' })]);
    await perform(h, { kind: 'update', user: 'user2', set: {} });
    expect(h.take()).toEqual([]);
  });

  it('a full sync (Restart provisioning) clears the escrow and evaluates everyone again (E17)', async () => {
    const h = faulty();
    await provision(h, 'user1');
    h.failWith((r) => (r.method === 'PATCH' ? scimError(500) : undefined));
    h.directory.update('user1', { title: 'Principal' });
    await perform(h, { kind: 'update', user: 'user1', set: { title: 'Principal' } });
    h.failWith(undefined);
    h.take();
    const sync = await perform(h, { kind: 'fullSync', assigned: undefined });
    expect(sync.ok).toBe(true);
    expect(sync.messages.join(' ')).toMatch(/Restart provisioning cleared the escrow of user1/);
    expect(patches(h)).toEqual([patch({ op: 'Replace', path: 'title', value: 'Principal' })]);
  });
});

describe('Entra job: quarantine (E3, E17)', () => {
  it('a 401 to a cycle\'s start-up probe quarantines the job; later cycles retry only the probe', async () => {
    const h = faulty();
    await provision(h, 'user1');
    // Docker's token was regenerated; Entra still holds the old one.
    h.failWith(() => scimError(401, 'bad token'));
    h.directory.update('user1', { title: 'Principal' });
    const first = await perform(h, { kind: 'update', user: 'user1', set: { title: 'Principal' } });
    expect(first.ok).toBe(false);
    expect(first.messages[0]).toMatch(/start-of-activity probe failed: .*HTTP 401/);
    expect(first.messages[1]).toMatch(/^Entra put the provisioning job in quarantine: invalid credentials: HTTP 401.*next retry 6 hours after the failure.*Restart provisioning/);
    expect(h.state.adminTasks.some((t) => t.includes('quarantine'))).toBe(true);
    expect(h.takeAll().map((r) => r.label)).toEqual(['activity probe']);

    const second = await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(second.messages.join(' ')).toMatch(/stays in quarantine \(invalid credentials.*retry 1 failed, the next is 12 hours after the failure; nothing else was sent/s);
    const retry = h.takeAll();
    expect(retry.map((r) => [r.label, r.behaviour])).toEqual([['quarantine retry', 'entra.job.quarantine']]);
    expect(retry[0]!.headers['user-agent']).toBeDefined();
    expect(h.state.assigned.has('user1')).toBe(false);
  });

  it('leaves quarantine when a later cycle\'s probe succeeds, and sends what it owes (E17)', async () => {
    const h = faulty();
    await provision(h, 'user1', 'user2');
    h.failWith(() => scimError(401));
    h.directory.update('user1', { title: 'Principal' });
    await perform(h, { kind: 'update', user: 'user1', set: { title: 'Principal' } });
    await perform(h, { kind: 'unassign', users: ['user2'] });
    h.takeAll();
    h.failWith(undefined);
    const back = await perform(h, { kind: 'update', user: 'user2', set: {} });
    expect(back.ok).toBe(true);
    expect(back.messages.join(' ')).toMatch(/left quarantine \(invalid credentials.*retried user1 from escrow \(owed by an activity that never started\).*retried user2/s);
    const sent = h.takeAll();
    expect(sent[0]!.label).toBe('quarantine retry');
    expect(sent.slice(1).map(line)).toEqual(['GET /Users', `PATCH /Users/${h.state.provisioned.get('user1')}`, `PATCH /Users/${h.state.provisioned.get('user2')}`]);
    expect(h.state.deactivated.has('user2')).toBe(true);
  });

  it('a full sync after fixing the credentials is Restart provisioning: out of quarantine at once (E17)', async () => {
    const h = faulty();
    await provision(h, 'user1');
    h.failWith(() => scimError(403));
    await perform(h, { kind: 'unassign', users: ['user1'] });
    h.takeAll();
    h.failWith(undefined);
    const sync = await perform(h, { kind: 'fullSync', assigned: undefined });
    expect(sync.ok).toBe(true);
    expect(sync.messages.join(' ')).toMatch(/Restart provisioning took the job out of quarantine \(invalid credentials: HTTP 403/);
    const sent = h.takeAll();
    expect(sent[0]!.label).toBe('activity probe');
    expect(sent.slice(1).map(line)).toEqual([`PATCH /Users/${h.state.provisioned.get('user1')}`]);
  });

  it('a full sync whose probe still gets 401 is quarantined again', async () => {
    const h = faulty();
    await provision(h, 'user1');
    h.failWith(() => scimError(401));
    await perform(h, { kind: 'update', user: 'user1', set: {} });
    const sync = await perform(h, { kind: 'fullSync', assigned: undefined });
    expect(sync.ok).toBe(false);
    expect(sync.messages.join(' ')).toMatch(/took the job out of quarantine.*/s);
    expect(sync.messages[1]).toMatch(/^Entra put the provisioning job in quarantine/);
  });

  it('a 404 to the start-up probe quarantines too (SCIM compliance); a 500 only fails the activity (E17)', async () => {
    const notFound = faulty();
    notFound.failWith((r) => (isProbe(r) ? new Response(null, { status: 404 }) : undefined));
    await perform(notFound, { kind: 'unassign', users: ['user1'] });
    expect((await perform(notFound, { kind: 'unassign', users: ['user1'] })).messages.join(' ')).toMatch(/stays in quarantine \(SCIM compliance issue: HTTP 404/);
    const broken = faulty();
    broken.failWith((r) => (isProbe(r) ? scimError(500) : undefined));
    const outcome = await perform(broken, { kind: 'unassign', users: ['user1'] });
    expect(outcome.messages.join(' ')).not.toMatch(/quarantine/);
    broken.failWith(undefined);
    expect((await perform(broken, { kind: 'unassign', users: ['user1'] })).messages.join(' ')).not.toMatch(/quarantine/);
  });

  it('Test Connection and provision on demand still run while quarantined; neither ends it (E17, E18)', async () => {
    const h = faulty();
    h.failWith(() => scimError(401));
    await perform(h, { kind: 'update', user: 'user1', set: {} });
    h.failWith(undefined);
    const test = await perform(h, { kind: 'testConnection' });
    expect(test).toMatchObject({ ok: true, messages: [expect.stringMatching(/succeeded\. The provisioning job stays in quarantine/)] });
    const onDemand = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(onDemand.ok).toBe(true);
    expect(onDemand.messages.join(' ')).toMatch(/ran beside the quarantined provisioning job/);
    h.takeAll();
    await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(h.takeAll()[0]!.label).toBe('quarantine retry');
  });
});
