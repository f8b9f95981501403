/** JSON Schemas of the RFC 7643 §4 resources: User, Group and the Enterprise User extension. */
import type { SchemaObject } from 'ajv/dist/2020.js';
import { SCHEMA } from '../../../vocabulary/constants.js';
import {
  commonAttributes,
  complex,
  defaultSubAttributes,
  multiValued,
  optionalBoolean,
  optionalString,
  schemaId,
  schemasContaining,
} from './fragments.js';

/** RFC 7643 §4.3. As an extension it has no common attributes of its own; it lives inside a User. */
export const enterpriseUserSchema: SchemaObject = {
  $id: schemaId('EnterpriseUser'),
  title: 'Enterprise User extension (RFC 7643 §4.3)',
  type: 'object',
  properties: {
    employeeNumber: optionalString(),
    costCenter: optionalString(),
    organization: optionalString(),
    division: optionalString(),
    department: optionalString(),
    manager: complex({ value: optionalString(), $ref: optionalString(), displayName: optionalString() }),
  },
};

const stringValued = () => multiValued(complex(defaultSubAttributes()));

/** RFC 7643 §4.1: `userName` is REQUIRED ("Each User MUST include a non-empty userName value"). */
export const userSchema: SchemaObject = {
  $id: schemaId('User'),
  title: 'User (RFC 7643 §4.1)',
  type: 'object',
  required: ['schemas', 'id', 'userName'],
  properties: {
    schemas: schemasContaining(SCHEMA.user),
    ...commonAttributes(),
    userName: { type: 'string', minLength: 1 },
    name: complex({
      formatted: optionalString(),
      familyName: optionalString(),
      givenName: optionalString(),
      middleName: optionalString(),
      honorificPrefix: optionalString(),
      honorificSuffix: optionalString(),
    }),
    displayName: optionalString(),
    nickName: optionalString(),
    profileUrl: optionalString(),
    title: optionalString(),
    userType: optionalString(),
    preferredLanguage: optionalString(),
    locale: optionalString(),
    timezone: optionalString(),
    active: optionalBoolean(),
    password: optionalString(),
    emails: stringValued(),
    phoneNumbers: stringValued(),
    ims: stringValued(),
    photos: stringValued(),
    addresses: multiValued(
      complex({
        formatted: optionalString(),
        streetAddress: optionalString(),
        locality: optionalString(),
        region: optionalString(),
        postalCode: optionalString(),
        country: optionalString(),
        type: optionalString(),
        primary: optionalBoolean(),
      }),
    ),
    groups: multiValued(complex({ value: optionalString(), $ref: optionalString(), display: optionalString(), type: optionalString() })),
    entitlements: stringValued(),
    roles: stringValued(),
    x509Certificates: stringValued(),
    [SCHEMA.enterpriseUser]: { $ref: schemaId('EnterpriseUser') },
  },
  // Further extensions appear as URN-named containers (RFC 7643 §3.3).
  additionalProperties: true,
};

/** RFC 7643 §4.2: `displayName` is REQUIRED. */
export const groupSchema: SchemaObject = {
  $id: schemaId('Group'),
  title: 'Group (RFC 7643 §4.2)',
  type: 'object',
  required: ['schemas', 'id', 'displayName'],
  properties: {
    schemas: schemasContaining(SCHEMA.group),
    ...commonAttributes(),
    displayName: { type: 'string' },
    members: multiValued(complex({ value: optionalString(), $ref: optionalString(), display: optionalString(), type: optionalString() })),
  },
  additionalProperties: true,
};
