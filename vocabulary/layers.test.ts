/** The import rule of the layout, enforced: harness → mock-idp / provider → vocabulary, never back up. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Every relative import of a file, as the top-level folder it lands in. */
function importedLayers(file: string): { spec: string; layer: string }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
  return specs.map((spec) => ({ spec, layer: relative(ROOT, resolve(ROOT, file, '..', spec)).split('/')[0] ?? '' }));
}

const FORBIDDEN: Record<string, string[]> = {
  vocabulary: ['harness', 'mock-idp', 'provider', 'e2e', 'bench'],
  provider: ['harness', 'mock-idp'],
  'mock-idp': ['harness'],
};

describe('layers', () => {
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${layer}/ imports none of ${forbidden.join(', ')}`, () => {
      const offending = sources(layer).flatMap((file) =>
        importedLayers(file)
          .filter((i) => forbidden.includes(i.layer))
          .map((i) => `${file} → ${i.spec}`),
      );
      expect(offending).toEqual([]);
    });
  }

  it('sees imports at all (the scan is not vacuous)', () => {
    expect(importedLayers('harness/runner/session.ts').map((i) => i.layer)).toContain('vocabulary');
  });
});
