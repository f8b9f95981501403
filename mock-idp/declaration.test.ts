/** Every registered profile's declaration is whole: ids, sources, defaults, and traffic that names declared behaviours. */
import { describe, expect, it } from 'vitest';
import { IDP_PROFILES, evidenceFor, idpNames } from './index.js';
import { readDeclaredSettings } from './settings.js';
import { idpHarness } from './test-support.js';
import type { IdpAction } from './profile.js';

const ID = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

describe.each(IDP_PROFILES.map((p) => [p.declaration.name, p] as const))('%s declaration', (name, profile) => {
  const d = profile.declaration;

  it('has a registry name, title and summary', () => {
    expect(name).toMatch(/^[a-z0-9-]+$/);
    expect(d.title.length).toBeGreaterThan(0);
    expect(d.summary.length).toBeGreaterThan(20);
  });

  it('names behaviours uniquely under its own prefix', () => {
    const ids = d.behaviours.map((b) => b.id);
    expect(ids.filter((id) => !ID.test(id) || !id.startsWith(`${name}.`))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('cites only sources it lists, each with a title and an https URL', () => {
    const cited = [...d.behaviours.flatMap((b) => b.sources), ...Object.values(d.settings).flatMap((s) => s.sources ?? []), ...d.traffic.sources];
    expect(cited.filter((tag) => d.sources[tag] === undefined)).toEqual([]);
    for (const [tag, source] of Object.entries(d.sources)) {
      expect(source.title, tag).not.toBe('');
      expect(source.url, tag).toMatch(/^https:\/\//);
    }
  });

  it('says why, in a note, wherever a behaviour has no primary evidence', () => {
    const unexplained = d.behaviours.filter((b) => b.sources.length === 0 && !(b.note && b.note.length > 10)).map((b) => b.id);
    expect(unexplained).toEqual([]);
  });

  it('names only declared settings in behaviours, and a boolean group setting', () => {
    const names = Object.keys(d.settings);
    expect(d.behaviours.flatMap((b) => b.settings ?? []).filter((s) => !names.includes(s.split('.')[0] ?? ''))).toEqual([]);
    expect(d.settings[d.groupSetting]?.schema.type).toBe('boolean');
  });

  it('accepts its own defaults and fills them in', () => {
    const read = readDeclaredSettings<Record<string, unknown>>(d, {});
    expect(read.ok).toBe(true);
    if (read.ok) for (const [key, setting] of Object.entries(d.settings)) expect(read.settings[key], key).toEqual(setting.default);
  });

  it('refuses an unknown setting with a sentence naming it', () => {
    const read = readDeclaredSettings(d, { noSuchSetting: true });
    expect(read).toEqual({ ok: false, error: expect.stringContaining("unknown setting 'noSuchSetting'") });
  });

  it('tags every request of a typical run with a declared behaviour', async () => {
    const h = idpHarness({ settings: { [d.groupSetting]: true } });
    const actions: IdpAction[] = [
      { kind: 'testConnection' },
      { kind: 'assign', users: ['user1', 'user2'] },
      { kind: 'update', user: 'user1', set: { familyName: 'Moreau' } },
      { kind: 'pushGroup', name: 'Engineering', members: ['user1', 'user2'] },
      { kind: 'pushGroup', name: 'Engineering', members: ['user1'] },
      { kind: 'unassign', users: ['user2'] },
      { kind: 'reassign', users: ['user2'] },
      { kind: 'fullSync', assigned: undefined },
    ];
    try {
      for (const action of actions) await profile.perform(action, h.ctx);
      expect(h.exchanges.length).toBeGreaterThan(8);
      const untagged = h.exchanges.filter((e) => e.behaviour === undefined || evidenceFor(e.behaviour) === undefined);
      expect(untagged.map((e) => `${e.label}: ${e.behaviour ?? 'no behaviour'}`)).toEqual([]);
    } finally {
      h.close();
    }
  });
});

describe('registry', () => {
  it('lists each IdP once', () => {
    expect(new Set(idpNames()).size).toBe(IDP_PROFILES.length);
    expect(idpNames()).toEqual(expect.arrayContaining(['okta', 'entra', 'onelogin']));
  });

  it('resolves evidence only for declared ids', () => {
    expect(evidenceFor('okta.no-such-behaviour')).toBeUndefined();
    expect(evidenceFor('nobody.at-all')).toBeUndefined();
  });
});
