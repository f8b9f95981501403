/**
 * Returned resources judged against the schemas the target itself publishes (`/Schemas`, via the
 * context): attributes declared, `returned`/`mutability` honoured, values of the declared types, and the
 * multi-valued conventions of RFC 7643 §2.4. One finding per resource, listing every problem found.
 */
import { SCHEMA } from '../../vocabulary/constants.js';
import type { Exchange, Finding } from '../model.js';
import { judge, type Check, type CheckContext } from './check.js';
import { COMMON_ATTRIBUTES, declaresAny, governingSchemas, walkResource, type Visit } from './attribute-walk.js';
import { isProjected, method, requestJson } from './exchange-view.js';
import { deepEqual } from '../scenario/expect.js';
import { typeProblem } from './attribute-types.js';
import { discoveredSchemas, findAttribute, findSchema, type AttributeModel } from './discovered.js';
import { getCaseless, hasSchema, isObject, preview, type JsonObject } from '../../vocabulary/json.js';
import { returnedResources, type ReturnedResource } from './returned.js';

const where = (r: ReturnedResource) => (r.prefix === '' ? 'resource' : r.prefix.slice(0, -1));

/** One finding for a resource: passed when `problems` is empty. */
function perResource(check: Pick<Check, 'id'>, exchange: Exchange, r: ReturnedResource, problems: string[], expected: string, passMessage: string): Finding {
  return judge(check, exchange, problems.length === 0, { subject: where(r), expected, actual: problems.length === 0 ? 'as expected' : problems }, {
    pass: passMessage,
    fail: `${where(r)}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
  });
}

const present = (v: Visit) => v.value !== null && v.value !== undefined;

export const declaredAttributes: Check = {
  id: 'rfc7643.schema.declared',
  rfc: 'RFC 7643 §3',
  level: 'MUST',
  area: 'read',
  title: 'Every returned attribute is defined by a schema the resource lists in "schemas" and the target publishes',
  quote:
    'The "schemas" attribute is a REQUIRED attribute and is an array of Strings containing URIs that are used to indicate the namespaces of the SCIM schemas that define the attributes present in the current JSON structure.',
  hint:
    "Only return attributes a schema you publish at /Schemas defines, and list each extension URN you include (e.g. the enterprise User URN) in the resource's `schemas`; move custom fields into a published extension rather than the top level.",
  applies: (exchange, ctx) =>
    returnedResources(exchange, ctx).some((r) => (r.type && findSchema(ctx, r.type.schema)) || Object.keys(r.value).some((k) => /^urn:/i.test(k))),
  run(exchange, ctx) {
    return returnedResources(exchange, ctx).map((r) => {
      const walk = walkResource(r, ctx);
      const problems: string[] = [];
      for (const c of walk.containers) {
        if (!c.listed) problems.push(`${c.path} is not listed in schemas`);
        if (discoveredSchemas(ctx) !== undefined && !c.schema) problems.push(`${c.path} is not a schema the target publishes`);
      }
      for (const v of walk.visits) if (v.governed && !v.definition && !v.implicit) problems.push(`${v.path} is not declared`);
      return perResource(declaredAttributes, exchange, r, problems, 'only declared attributes', 'every attribute is declared');
    });
  },
};

/** A check that attributes with a characteristic (returned: never, writeOnly) are absent; needs discovery. */
function characteristicCheck(
  id: string,
  predicate: (a: AttributeModel) => boolean,
  describe: (v: Visit) => string,
): Pick<Check, 'id' | 'applies' | 'run'> {
  const judgeable = (exchange: Exchange, ctx: CheckContext) => returnedResources(exchange, ctx).filter((r) => declaresAny(governingSchemas(r, ctx), predicate));
  return {
    id,
    applies: (exchange, ctx) => judgeable(exchange, ctx).length > 0,
    run(exchange, ctx) {
      return judgeable(exchange, ctx).map((r) => {
        const problems = walkResource(r, ctx)
          .visits.filter((v) => v.definition && predicate(v.definition) && present(v))
          .map(describe);
        return perResource({ id }, exchange, r, problems, 'not returned', 'no such attribute returned');
      });
    },
  };
}

export const returnedNever: Check = {
  ...characteristicCheck('rfc7643.schema.returned-never', (a) => a.returned.toLowerCase() === 'never', (v) => `${v.path} is returned although declared "returned": "never"`),
  rfc: 'RFC 7643 §2.2',
  level: 'MUST',
  area: 'read',
  title: 'Attributes declared "returned": "never" are never returned',
  quote:
    'never  The attribute is never returned. This may occur because the original attribute value (e.g., a hashed value) is not retained by the service provider. A service provider MAY allow attributes to be written but never returned.',
  hint:
    'Strip every attribute your /Schemas declares `"returned": "never"` from all responses (create, GET, list, PUT and PATCH), or change its declaration if you mean to return it.',
};

export const writeOnly: Check = {
  ...characteristicCheck('rfc7643.schema.write-only', (a) => a.mutability.toLowerCase() === 'writeonly', (v) => `${v.path} is returned although declared writeOnly`),
  rfc: 'RFC 7643 §2.2',
  level: 'MUST',
  area: 'read',
  title: 'Attributes declared "mutability": "writeOnly" are not returned',
  quote: 'writeOnly  The attribute MAY be updated at any time. Attribute values SHALL NOT be returned (e.g., because the value is stored as a hash).',
  hint:
    'Store but never echo attributes your /Schemas declares `"mutability": "writeOnly"`: drop them from POST, PUT, PATCH, GET and list responses alike.',
};

export const attributeTypes: Check = {
  id: 'rfc7643.schema.types',
  rfc: 'RFC 7643 §2.3',
  level: 'MUST',
  area: 'read',
  title: 'Returned values have the data type their attribute declares (common attributes per RFC 7643 §3.1)',
  quote:
    'Attribute data types are derived from JSON [RFC7159]. … The attribute value MUST be encoded as a valid xsd:dateTime as specified in Section 3.3.7 of [XML-Schema] and MUST include both a date and a time.',
  hint:
    'Serialise each value as the type /Schemas declares: booleans as `true`/`false` (not `"True"`), integers as numbers, dateTimes with date and time such as `2024-05-01T12:00:00Z`.',
  applies: (exchange, ctx) => returnedResources(exchange, ctx).length > 0,
  run(exchange, ctx) {
    return returnedResources(exchange, ctx).map((r) => {
      const problems = walkResource(r, ctx).visits.flatMap((v) => {
        const problem = v.definition ? typeProblem(v.definition, v.value) : undefined;
        return problem ? [`${v.path} ${problem} (got ${preview(v.value, 60)})`] : [];
      });
      return perResource(attributeTypes, exchange, r, problems, 'values of the declared types', 'every value has its declared type');
    });
  },
};

export const passwordNotReturned: Check = {
  id: 'rfc7643.user.password',
  rfc: 'RFC 7643 §4.1.1',
  level: 'MUST',
  area: 'read',
  title: 'A User is never returned with its password',
  quote: 'The cleartext value or the hashed value of a password SHALL NOT be returnable by a service provider.',
  hint:
    'Never include `password` in a User response, not even hashed or masked: accept it on POST, PUT and PATCH, then leave it out of every representation you send back.',
  applies: (exchange, ctx) => users(exchange, ctx).length > 0,
  run(exchange, ctx) {
    return users(exchange, ctx).map((r) => {
      const core = getCaseless(r.value, SCHEMA.user);
      const value = getCaseless(r.value, 'password') ?? (isObject(core) ? getCaseless(core, 'password') : undefined);
      const problems = value === undefined || value === null ? [] : [`password returned (${typeof value === 'string' ? `${value.length} characters` : typeof value})`];
      return perResource(passwordNotReturned, exchange, r, problems, 'no password', 'no password returned');
    });
  },
};

function users(exchange: Exchange, ctx: CheckContext): ReturnedResource[] {
  return returnedResources(exchange, ctx).filter((r) => (r.type ? r.type.schema === SCHEMA.user : hasSchema(r.value, SCHEMA.user)));
}

/** Multi-valued complex attributes of a resource: top level and inside extension containers. */
function multiValuedComplex(resource: ReturnedResource): { path: string; name: string; container: string | undefined; elements: JsonObject[] }[] {
  const found: { path: string; name: string; container: string | undefined; elements: JsonObject[] }[] = [];
  const scan = (object: JsonObject, pathPrefix: string, container: string | undefined) => {
    for (const [key, value] of Object.entries(object)) {
      if (Array.isArray(value) && value.some(isObject)) found.push({ path: `${pathPrefix}${key}`, name: key, container, elements: value.filter(isObject) });
    }
  };
  scan(resource.value, resource.prefix, undefined);
  for (const [key, value] of Object.entries(resource.value)) if (/^urn:/i.test(key) && isObject(value)) scan(value, `${resource.prefix}${key}:`, key);
  return found;
}

export const singlePrimary: Check = {
  id: 'rfc7643.multi-valued.primary',
  rfc: 'RFC 7643 §2.4',
  level: 'MUST',
  area: 'read',
  title: 'At most one value of a multi-valued attribute is primary',
  quote: 'The primary attribute value "true" MUST appear no more than once.',
  hint:
    'When a value of emails, phoneNumbers or addresses is set `primary: true`, clear primary on its siblings, so each multi-valued attribute has at most one `"primary": true`.',
  applies: (exchange, ctx) => returnedResources(exchange, ctx).some((r) => multiValuedComplex(r).length > 0),
  run(exchange, ctx) {
    return returnedResources(exchange, ctx)
      .filter((r) => multiValuedComplex(r).length > 0)
      .map((r) => {
        const problems = multiValuedComplex(r).flatMap((a) => {
          const primaries = a.elements.filter((e) => getCaseless(e, 'primary') === true).length;
          return primaries > 1 ? [`${a.path} has ${primaries} values with primary true`] : [];
        });
        return perResource(singlePrimary, exchange, r, problems, 'at most one primary per attribute', 'no attribute has more than one primary value');
      });
  },
};

/** RFC 7643 §4.1.2, §4.2: the suggested `type` values, used when the target's schemas are not known. */
const RFC_CANONICAL_TYPES: Record<string, Record<string, string[]>> = {
  [SCHEMA.user]: {
    emails: ['work', 'home', 'other'],
    phonenumbers: ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
    ims: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
    photos: ['photo', 'thumbnail'],
    addresses: ['work', 'home', 'other'],
    groups: ['direct', 'indirect'],
  },
  [SCHEMA.group]: { members: ['User', 'Group'] },
};

/** The canonical `type` values of an attribute and whether they compare case-exactly. */
function canonicalTypes(r: ReturnedResource, ctx: CheckContext, name: string, container: string | undefined): { values: string[]; caseExact: boolean } | undefined {
  const schemaUrn = container ?? r.type?.schema;
  if (!schemaUrn) return undefined;
  const schema = findSchema(ctx, schemaUrn);
  if (schema) {
    const typeDef = findAttribute(findAttribute(schema.attributes, name)?.subAttributes ?? [], 'type');
    return typeDef?.canonicalValues && typeDef.canonicalValues.length > 0 ? { values: typeDef.canonicalValues, caseExact: typeDef.caseExact } : undefined;
  }
  const values = container ? undefined : RFC_CANONICAL_TYPES[schemaUrn]?.[name.toLowerCase()];
  return values ? { values, caseExact: false } : undefined;
}

function typedValues(r: ReturnedResource, ctx: CheckContext) {
  return multiValuedComplex(r).flatMap((a) => {
    const canonical = canonicalTypes(r, ctx, a.name, a.container);
    if (!canonical) return [];
    return a.elements.flatMap((e, i) => {
      const type = getCaseless(e, 'type');
      return typeof type === 'string' ? [{ path: `${a.path}[${i}].type`, type, canonical }] : [];
    });
  });
}

export const canonicalType: Check = {
  id: 'rfc7643.multi-valued.canonical-type',
  rfc: 'RFC 7643 §2.4',
  level: 'SHOULD',
  area: 'read',
  title: 'The "type" of a multi-valued value is one of the canonical values declared for it',
  quote:
    'When returning multi-valued attributes, service providers SHOULD canonicalize the value returned (e.g., by returning a value for the sub-attribute "type", such as "home" or "work") when appropriate (e.g., for email addresses and URLs).',
  hint:
    "Return `type` values from the attribute's canonicalValues (e.g. `work`, `home`, `other` for emails); map your own labels such as `Work Email` or `business` to them instead of echoing them.",
  applies: (exchange, ctx) => returnedResources(exchange, ctx).some((r) => typedValues(r, ctx).length > 0),
  run(exchange, ctx) {
    return returnedResources(exchange, ctx)
      .filter((r) => typedValues(r, ctx).length > 0)
      .map((r) => {
        const problems = typedValues(r, ctx).flatMap(({ path, type, canonical }) => {
          const ok = canonical.caseExact ? canonical.values.includes(type) : canonical.values.some((c) => c.toLowerCase() === type.toLowerCase());
          return ok ? [] : [`${path} "${type}" is not one of ${canonical.values.join(', ')}`];
        });
        return perResource(canonicalType, exchange, r, problems, 'canonical type values', 'every type value is canonical');
      });
  },
};

/** Top-level attributes of the schemas governing a full representation (no `attributes` projection asked). */
function requiredMissing(r: ReturnedResource, ctx: CheckContext): string[] {
  const schemas = governingSchemas(r, ctx);
  const core = r.type ? findSchema(ctx, r.type.schema) : undefined;
  const problems: string[] = [];
  for (const schema of schemas) {
    const container = schema === core ? r.value : getCaseless(r.value, schema.id);
    if (!isObject(container)) continue; // an extension the resource does not carry
    for (const a of schema.attributes) {
      // A required attribute the target never returns (returned: never/request, writeOnly) cannot be judged here.
      const shown = a.returned.toLowerCase() !== 'never' && a.returned.toLowerCase() !== 'request' && a.mutability.toLowerCase() !== 'writeonly';
      const value = getCaseless(container, a.name);
      if (a.required && shown && (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))) {
        problems.push(`${schema === core ? '' : `${schema.id}:`}${a.name} is required but missing`);
      }
    }
  }
  return problems;
}

/** One function for the life of the process: declaresAny remembers answers per predicate. */
const isRequired = (a: AttributeModel) => a.required;

export const requiredAttributes: Check = {
  id: 'rfc7643.schema.required',
  rfc: 'RFC 7643 §2.2',
  level: 'MUST',
  area: 'read',
  title: 'A full representation carries every attribute its schemas declare required',
  quote: 'required  A Boolean value that specifies whether or not the attribute is required.',
  hint:
    'Include every attribute your /Schemas marks `"required": true` (e.g. `userName` on Users, `displayName` on Groups) in every full representation, or stop declaring it required.',
  applies: (exchange, ctx) => !isProjected(exchange) && returnedResources(exchange, ctx).some((r) => declaresAny(governingSchemas(r, ctx), isRequired)),
  run(exchange, ctx) {
    return returnedResources(exchange, ctx)
      .filter((r) => declaresAny(governingSchemas(r, ctx), isRequired))
      .map((r) => perResource(requiredAttributes, exchange, r, requiredMissing(r, ctx), 'every required attribute', 'every required attribute is present'));
  },
};

/** Top-level readOnly attributes (declared by the target) that a create body set to a value. */
function readOnlySent(exchange: Exchange, r: ReturnedResource, ctx: CheckContext): { name: string; sent: unknown }[] {
  const body = requestJson(exchange);
  const core = r.type ? findSchema(ctx, r.type.schema) : undefined;
  if (!isObject(body) || !core) return [];
  const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
  return [...COMMON_ATTRIBUTES, ...core.attributes]
    .filter((a) => a.mutability.toLowerCase() === 'readonly')
    .map((a) => ({ name: a.name, sent: getCaseless(body, a.name) }))
    .filter((s) => !empty(s.sent));
}

export const readOnlyIgnored: Check = {
  id: 'rfc7643.schema.read-only',
  rfc: 'RFC 7643 §2.2; RFC 7644 §3.5.1',
  level: 'MUST',
  area: 'create',
  // Only creates: a replace legitimately carries back the id and meta it read (Okta's GET then PUT).
  title: 'Values a client sends for readOnly attributes (id, meta, groups) are not adopted on create',
  quote: 'readOnly  The attribute SHALL NOT be modified.',
  hint:
    'Ignore client-sent values of readOnly attributes on POST: assign your own `id`, build `meta` yourself and derive `groups` from memberships, instead of storing what the request body carried.',
  applies: (exchange, ctx) =>
    method(exchange) === 'POST' && returnedResources(exchange, ctx).some((r) => readOnlySent(exchange, r, ctx).length > 0),
  run(exchange, ctx) {
    return returnedResources(exchange, ctx)
      .filter((r) => readOnlySent(exchange, r, ctx).length > 0)
      .map((r) => {
        const problems = readOnlySent(exchange, r, ctx)
          .filter((s) => deepEqual(s.sent, getCaseless(r.value, s.name)))
          .map((s) => `${s.name} took the client's value ${preview(s.sent, 60)}`);
        return perResource(readOnlyIgnored, exchange, r, problems, "the server's own values", "no client value was adopted for a readOnly attribute");
      });
  },
};

export const SCHEMA_DRIVEN_CHECKS: readonly Check[] = [
  declaredAttributes,
  returnedNever,
  writeOnly,
  attributeTypes,
  passwordNotReturned,
  singlePrimary,
  canonicalType,
  requiredAttributes,
  readOnlyIgnored,
];
