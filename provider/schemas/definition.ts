/**
 * Attribute and schema definitions in the shape RFC 7643 §7 publishes them, so the same objects drive
 * enforcement inside the provider and are served verbatim by `/Schemas`.
 */

export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'complex'
  | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
  /**
   * Not part of RFC 7643 (stripped from `/Schemas`): canonical values are only "suggested" by the RFC,
   * so they are enforced only where the provider's own model demands it (e.g. `dockerRole`).
   */
  strictCanonicalValues?: boolean;
}

export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

type AttributeOptions = Partial<Omit<AttributeDefinition, 'name' | 'description'>>;

/** An attribute with RFC 7643 §2.2 defaults for everything not given. */
export function attr(name: string, description: string, options: AttributeOptions = {}): AttributeDefinition {
  return {
    name,
    type: 'string',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

export function complex(
  name: string,
  description: string,
  subAttributes: AttributeDefinition[],
  options: AttributeOptions = {},
): AttributeDefinition {
  return attr(name, description, { ...options, type: 'complex', subAttributes });
}

/** The usual `value`/`display`/`type`/`primary` quartet of a multi-valued attribute (RFC 7643 §2.4). */
export function multiValuedStrings(
  name: string,
  description: string,
  types: string[],
  valueOptions: AttributeOptions = {},
): AttributeDefinition {
  return complex(
    name,
    description,
    [
      attr('value', `The value of ${name}.`, valueOptions),
      attr('display', 'A human-readable name, primarily used for display purposes.'),
      attr('type', `A label indicating the attribute's function.`, { canonicalValues: types }),
      attr('primary', 'A Boolean value indicating the preferred value for this attribute.', { type: 'boolean' }),
    ],
    { multiValued: true },
  );
}

/** The definition as `/Schemas` serves it: without our internal, non-RFC fields. */
export function publishAttribute(definition: AttributeDefinition): Record<string, unknown> {
  const { strictCanonicalValues: _internal, subAttributes, ...rest } = definition;
  return subAttributes ? { ...rest, subAttributes: subAttributes.map(publishAttribute) } : { ...rest };
}
