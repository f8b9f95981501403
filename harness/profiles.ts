/**
 * `scim-conformance profiles [idp] [--json]`: what each IdP profile sends and why we believe it: its
 * settings with defaults, its default traffic, and every behaviour with the sources it rests on.
 */
import { IDP_PROFILES, evidenceFor } from '../mock-idp/index.js';
import type { IdpDeclaration } from '../mock-idp/declaration.js';
import { behaviourEvidence, evidenceText } from './report/analysis.js';

/** A behaviour's evidence in one line, worded as the reports word it. */
export function evidenceLine(behaviourId: string): string {
  return evidenceFor(behaviourId) === undefined ? 'not a declared behaviour' : evidenceText(behaviourEvidence(behaviourId));
}

export function profileText(declaration: IdpDeclaration): string {
  const lines = [`# ${declaration.title} (idp: ${declaration.name})`, '', declaration.summary, '', '## Settings', ''];
  for (const [name, setting] of Object.entries(declaration.settings)) {
    const from = setting.sources && setting.sources.length > 0 ? ` [${setting.sources.join(', ')}]` : '';
    lines.push(`- ${name} (default ${JSON.stringify(setting.default)})${from}: ${setting.description}`);
  }
  const t = declaration.traffic;
  lines.push('', '## Traffic', '');
  lines.push(`- headers: ${JSON.stringify(t.headers)}; with a body also ${JSON.stringify(t.bodyHeaders)}`);
  lines.push(`- query spaces as ${t.spaceAs}; retries ${t.retry.retryOn.join('/') || 'nothing'} up to ${t.retry.maxAttempts} attempts [${t.sources.join(', ')}]`);
  lines.push('', '## Behaviours', '');
  for (const b of declaration.behaviours) {
    const audit = b.audit ? ` (audit ${b.audit})` : '';
    const settings = b.settings && b.settings.length > 0 ? ` Settings: ${b.settings.join(', ')}.` : '';
    lines.push(`- ${b.id}${audit}: ${b.title}${settings}`, `  evidence: ${evidenceLine(b.id)}`);
  }
  lines.push('', '## Sources', '');
  for (const [tag, s] of Object.entries(declaration.sources)) lines.push(`- ${tag} (${s.kind}) ${s.title}: ${s.url}`);
  return lines.join('\n');
}

/** The declarations as JSON: settings, traffic, sources and behaviours, each behaviour's sources resolved. */
export function profilesJson(declarations: readonly IdpDeclaration[]): unknown {
  return declarations.map((d) => ({
    ...d,
    behaviours: d.behaviours.map((b) => ({ ...b, evidence: evidenceFor(b.id)?.sources ?? [], primaryEvidence: b.sources.length > 0 })),
  }));
}

export function selectDeclarations(name: string | undefined): IdpDeclaration[] | { error: string } {
  const all = IDP_PROFILES.map((p) => p.declaration);
  if (name === undefined) return all;
  const found = all.find((d) => d.name === name.toLowerCase());
  return found ? [found] : { error: `unknown IdP '${name}'; profiles: ${all.map((d) => d.name).join(', ')}` };
}
