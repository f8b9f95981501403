/** Opt-in suites (tag `scale`) are left out of a run unless `--tag` or a path on the command line asks for them. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optInAsked } from './selection.js';

const scale = { file: join('scenarios', 'scale', 'okta-full-sync-10000-users.yaml'), tags: ['okta', 'scale'] };
const everyday = { file: join('scenarios', 'okta', 'create-assign.yaml'), tags: ['okta'] };

describe('opt-in scenarios', () => {
  it('always take everyday scenarios', () => {
    expect(optInAsked(everyday, [], [])).toBe(true);
    expect(optInAsked(everyday, ['scenarios'], [])).toBe(true);
  });

  it('leave scale scenarios out of the default run and of a folder further up', () => {
    expect(optInAsked(scale, [], [])).toBe(false);
    expect(optInAsked(scale, ['scenarios'], [])).toBe(false);
    expect(optInAsked(scale, ['scenarios'], ['okta'])).toBe(false);
  });

  it('take them with --tag scale, or when their file or their own folder is named', () => {
    expect(optInAsked(scale, ['scenarios'], ['scale'])).toBe(true);
    expect(optInAsked(scale, [join('scenarios', 'scale')], [])).toBe(true);
    expect(optInAsked(scale, [`${join('scenarios', 'scale')}/`], [])).toBe(true);
    expect(optInAsked(scale, [join(process.cwd(), scale.file)], [])).toBe(true);
  });
});
