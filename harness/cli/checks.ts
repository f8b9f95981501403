/** `scim-conformance checks`: the catalogue of spec and outcome checks, as Markdown or JSON. */
import { catalogueMarkdown } from '../checks/catalogue-markdown.js';
import { CHECKS } from '../checks/catalogue.js';
import { OUTCOME_CHECKS } from '../checks/outcome.js';
import { EXIT, parse, type Io } from './io.js';

export function checksCommand(args: string[], io: Io): number {
  const usage = 'Usage: scim-conformance checks [--json]\n\nPrints every spec and outcome check: id, level, area, RFC section, title and how to fix a failure (the hint); --json adds the RFC quote.';
  const parsed = parse(args, { json: { type: 'boolean' } }, usage, io);
  if (!parsed) return EXIT.usage;
  if (parsed.values.help) {
    io.out(usage);
    return EXIT.conformant;
  }
  if (parsed.values.json) {
    const all = [...CHECKS, ...Object.values(OUTCOME_CHECKS)];
    // `requires`: the optional feature a check only binds a target offering (else it is not applicable).
    io.out(JSON.stringify(all.map((c) => ({ id: c.id, rfc: c.rfc, level: c.level, area: c.area, title: c.title, quote: c.quote, hint: c.hint, ...('requires' in c && c.requires ? { requires: c.requires } : {}) })), null, 2));
  } else io.out(`${catalogueMarkdown()}\nOutcome checks:\n\n${catalogueMarkdown(Object.values(OUTCOME_CHECKS))}`);
  return EXIT.conformant;
}

