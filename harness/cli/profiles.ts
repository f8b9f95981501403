/** `scim-conformance profiles`: what each IdP profile sends, its settings, and the evidence for every behaviour. */
import { profileText, profilesJson, selectDeclarations } from '../profiles.js';
import { IDPS } from '../scenario/types.js';
import { EXIT, parse, type Io } from './io.js';

export function profilesCommand(args: string[], io: Io): number {
  const usage = `Usage: scim-conformance profiles [${IDPS.join('|')}] [--json]\n\nPrints each IdP profile: settings and defaults, default traffic, and every behaviour with its sources\n(documented by the IdP, reported by server authors, or no primary evidence).`;
  const parsed = parse(args, { json: { type: 'boolean' } }, usage, io);
  if (!parsed) return EXIT.usage;
  if (parsed.values.help) {
    io.out(usage);
    return EXIT.conformant;
  }
  if (parsed.positionals.length > 1) {
    io.err(`scim-conformance: profiles takes at most one IdP.\n\n${usage}`);
    return EXIT.usage;
  }
  const selected = selectDeclarations(parsed.positionals[0]);
  if ('error' in selected) {
    io.err(`scim-conformance: ${selected.error}.`);
    return EXIT.usage;
  }
  io.out(parsed.values.json ? JSON.stringify(profilesJson(selected), null, 2) : selected.map(profileText).join('\n\n'));
  return EXIT.conformant;
}

