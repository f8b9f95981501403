/**
 * What a target offers, read from its own discovery documents (RFC 7643 §5–7): ServiceProviderConfig features,
 * a Group resource type, published schemas. A scenario needing something not offered is "not applicable" with
 * the reason in these words, never failed: a partial SCIM server is not a broken one.
 */
import { discoveredResourceTypes, discoveredSchemas, normalizeEndpoint } from '../checks/discovered.js';
import type { CheckContext } from '../checks/check.js';
import { isObject as isRecord } from '../../vocabulary/json.js';
import type { TargetFeature } from '../model.js';
import { SCHEMA } from '../../vocabulary/constants.js';
import { FEATURES, SCHEMA_FEATURE_PREFIX, type Feature } from '../scenario/types.js';

/** The ServiceProviderConfig entries with a `supported` flag (RFC 7643 §5). */
const SPC_FEATURES = ['patch', 'bulk', 'filter', 'sort', 'etag', 'changePassword'] as const;
const NAMED_SCHEMAS: Record<string, string> = { docker: SCHEMA.dockerUser, enterprise: SCHEMA.enterpriseUser };

export interface DiscoveryAnswers {
  context: CheckContext;
  /** How each discovery request was answered, e.g. `HTTP 404` or `200`, for the reasons given. */
  answers: { serviceProviderConfig: string; resourceTypes: string; schemas: string };
  /** Without /ResourceTypes: how `GET /Groups` was answered, if it was asked. */
  groupsProbe?: { ok: boolean; answer: string };
  embedded: boolean;
}

export class FeatureSet {
  private readonly verdicts = new Map<string, TargetFeature & { reason: string | undefined }>();

  constructor(private readonly discovery: DiscoveryAnswers) {
    for (const name of FEATURES) this.evaluate(name);
  }

  /** Why the target does not offer the feature; undefined when it does. */
  unmet(feature: Feature): string | undefined {
    return this.evaluate(feature).reason;
  }

  /** Every named feature, for the report (schema features as asked). */
  list(): TargetFeature[] {
    return [...this.verdicts.values()].map(({ feature, supported, source }) => ({ feature, supported, source }));
  }

  private evaluate(feature: Feature): TargetFeature & { reason: string | undefined } {
    const known = this.verdicts.get(feature);
    if (known) return known;
    const verdict = this.judge(feature);
    this.verdicts.set(feature, verdict);
    return verdict;
  }

  private judge(feature: Feature): TargetFeature & { reason: string | undefined } {
    const { context, answers, embedded } = this.discovery;
    const result = (supported: boolean, source: string, reason: string) => ({ feature, supported, source, reason: supported ? undefined : reason });
    if (feature === 'admin') {
      return result(embedded, 'embedded reference provider', "admin steps switch the embedded reference provider's organization settings; an external target has none");
    }
    if ((SPC_FEATURES as readonly string[]).includes(feature)) {
      const spc = context.serviceProviderConfig;
      if (!isRecord(spc)) return result(false, 'ServiceProviderConfig', `the target's ServiceProviderConfig could not be read (${answers.serviceProviderConfig}), so ${feature} is not advertised`);
      const entry = spc[feature];
      const supported = isRecord(entry) && entry.supported === true;
      return result(supported, `ServiceProviderConfig ${feature}.supported`, `ServiceProviderConfig ${feature}.supported is ${isRecord(entry) ? JSON.stringify(entry.supported) : 'absent'}`);
    }
    if (feature === 'groups') return this.groups();
    if (feature === 'no-groups') {
      // Scenarios about a server without groups (Docker Hub before group mapping) do not apply to one that has them.
      const groups = this.groups();
      return result(!groups.supported, groups.source, `the target offers Groups (${groups.source}), and the scenario is about a target without them`);
    }
    const urn = NAMED_SCHEMAS[feature] ?? (feature.startsWith(SCHEMA_FEATURE_PREFIX) ? feature.slice(SCHEMA_FEATURE_PREFIX.length) : undefined);
    if (urn === undefined) return result(false, 'unknown', `'${feature}' is not a feature the harness knows`);
    return this.schema(feature, urn);
  }

  private groups(): TargetFeature & { reason: string | undefined } {
    const types = discoveredResourceTypes(this.discovery.context);
    if (types) {
      const group = types.some((t) => t.name === 'Group' || normalizeEndpoint(t.endpoint) === 'Groups' || t.schema === SCHEMA.group);
      return { feature: 'groups', supported: group, source: '/ResourceTypes', reason: group ? undefined : `the target's /ResourceTypes lists no Group (it has ${types.map((t) => t.name).join(', ') || 'none'})` };
    }
    const probe = this.discovery.groupsProbe;
    const supported = probe?.ok === true;
    return {
      feature: 'groups',
      supported,
      source: 'GET /Groups (no /ResourceTypes)',
      reason: supported ? undefined : `the target publishes no /ResourceTypes (${this.discovery.answers.resourceTypes}) and GET /Groups answered ${probe?.answer ?? 'nothing'}`,
    };
  }

  private schema(feature: Feature, urn: string): TargetFeature & { reason: string | undefined } {
    const ctx = this.discovery.context;
    const schemas = discoveredSchemas(ctx);
    const types = discoveredResourceTypes(ctx);
    // Schema URNs compare without case (RFC 7643 §10.2 URNs; findSchema does the same).
    const same = (other: string) => other.toLowerCase() === urn.toLowerCase();
    const published = (schemas ?? []).some((s) => same(s.id)) || (types ?? []).some((t) => same(t.schema) || t.extensions.some(same));
    if (published) return { feature, supported: true, source: '/Schemas, /ResourceTypes', reason: undefined };
    const reason =
      schemas === undefined && types === undefined
        ? `the target publishes neither /Schemas (${this.discovery.answers.schemas}) nor /ResourceTypes (${this.discovery.answers.resourceTypes}), so ${urn} is not advertised`
        : `the target does not publish ${urn} (not in /Schemas nor in any resource type's schemaExtensions)`;
    return { feature, supported: false, source: '/Schemas, /ResourceTypes', reason };
  }
}
