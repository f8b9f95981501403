/** Attributes every resource carries (RFC 7643 §3.1), outside any schema's own attribute list. */
import { attr, complex, type AttributeDefinition } from './definition.js';

export const commonAttributes: AttributeDefinition[] = [
  attr('id', 'A unique identifier for a SCIM resource as defined by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attr('externalId', 'A String that is an identifier for the resource as defined by the provisioning client.', {
    caseExact: true,
  }),
  complex(
    'meta',
    'A complex attribute containing resource metadata.',
    [
      attr('resourceType', 'The name of the resource type of the resource.', { caseExact: true, mutability: 'readOnly' }),
      attr('created', 'The DateTime that the resource was added to the service provider.', { type: 'dateTime', mutability: 'readOnly' }),
      attr('lastModified', 'The most recent DateTime that the details of this resource were updated.', {
        type: 'dateTime',
        mutability: 'readOnly',
      }),
      attr('location', 'The URI of the resource being returned.', { type: 'reference', referenceTypes: ['uri'], caseExact: true, mutability: 'readOnly' }),
      attr('version', 'The version of the resource being returned.', { caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly' },
  ),
];

/** `schemas` is returned always and is not an attribute of any schema (RFC 7643 §3). */
export const schemasAttribute: AttributeDefinition = attr('schemas', 'The schema URIs of the resource.', {
  multiValued: true,
  caseExact: true,
  returned: 'always',
  required: true,
  type: 'reference',
  referenceTypes: ['uri'],
});
