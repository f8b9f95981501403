/** The core User and Group schemas and the Enterprise User extension, as RFC 7643 §8.7.1 defines them. */
import { SCHEMA } from '../../vocabulary/constants.js';
import { attr, complex, multiValuedStrings, type SchemaDefinition } from './definition.js';

const ref = (referenceTypes: string[]) => ({ type: 'reference' as const, referenceTypes });

export const userSchema: SchemaDefinition = {
  id: SCHEMA.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'Unique identifier for the User, typically used by the user to directly authenticate to the service provider.', {
      required: true,
      uniqueness: 'server',
    }),
    complex('name', "The components of the user's real name.", [
      attr('formatted', 'The full name, including all middle names, titles, and suffixes as appropriate, formatted for display.'),
      attr('familyName', 'The family name of the User.'),
      attr('givenName', 'The given name of the User.'),
      attr('middleName', 'The middle name(s) of the User.'),
      attr('honorificPrefix', 'The honorific prefix(es) of the User.'),
      attr('honorificSuffix', 'The honorific suffix(es) of the User.'),
    ]),
    attr('displayName', 'The name of the User, suitable for display to end-users.'),
    attr('nickName', 'The casual way to address the user in real life.'),
    attr('profileUrl', "A fully qualified URL pointing to a page representing the User's online profile.", ref(['external'])),
    attr('title', "The user's title, such as \"Vice President.\""),
    attr('userType', 'Used to identify the relationship between the organization and the user.'),
    attr('preferredLanguage', "Indicates the User's preferred written or spoken language."),
    attr('locale', "Used to indicate the User's default location for purposes of localizing items."),
    attr('timezone', "The User's time zone in the 'Olson' time zone database format."),
    attr('active', "A Boolean value indicating the User's administrative status.", { type: 'boolean' }),
    attr('password', "The User's cleartext password.", { mutability: 'writeOnly', returned: 'never' }),
    multiValuedStrings('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    multiValuedStrings('phoneNumbers', 'Phone numbers for the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multiValuedStrings('ims', 'Instant messaging addresses for the User.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multiValuedStrings('photos', 'URLs of photos of the User.', ['photo', 'thumbnail'], ref(['external'])),
    complex(
      'addresses',
      'A physical mailing address for this User.',
      [
        attr('formatted', 'The full mailing address, formatted for display or use with a mailing label.'),
        attr('streetAddress', 'The full street address component.'),
        attr('locality', 'The city or locality component.'),
        attr('region', 'The state or region component.'),
        attr('postalCode', 'The zip code or postal code component.'),
        attr('country', 'The country name component.'),
        attr('type', "A label indicating the attribute's function.", { canonicalValues: ['work', 'home', 'other'] }),
        attr('primary', 'A Boolean value indicating the preferred address.', { type: 'boolean' }),
      ],
      { multiValued: true },
    ),
    complex(
      'groups',
      'A list of groups to which the user belongs, either through direct membership or dynamic calculation.',
      [
        attr('value', 'The identifier of the User\'s group.', { mutability: 'readOnly' }),
        attr('$ref', 'The URI of the corresponding Group resource.', { ...ref(['User', 'Group']), mutability: 'readOnly' }),
        attr('display', 'A human-readable name.', { mutability: 'readOnly' }),
        attr('type', 'A label indicating the membership.', { canonicalValues: ['direct', 'indirect'], mutability: 'readOnly' }),
      ],
      { multiValued: true, mutability: 'readOnly' },
    ),
    multiValuedStrings('entitlements', 'A list of entitlements for the User.', []),
    multiValuedStrings('roles', 'A list of roles for the User.', []),
    complex(
      'x509Certificates',
      'A list of certificates issued to the User.',
      [
        attr('value', 'The value of an X.509 certificate.', { type: 'binary' }),
        attr('display', 'A human-readable name.'),
        attr('type', "A label indicating the attribute's function."),
        attr('primary', 'A Boolean value indicating the preferred value.', { type: 'boolean' }),
      ],
      { multiValued: true },
    ),
  ],
};

export const groupSchema: SchemaDefinition = {
  id: SCHEMA.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'A human-readable name for the Group.', { required: true }),
    complex(
      'members',
      'A list of members of the Group.',
      [
        attr('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
        attr('$ref', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
          ...ref(['User', 'Group']),
          mutability: 'immutable',
        }),
        attr('display', 'A human-readable name for the member.', { mutability: 'readOnly' }),
        attr('type', 'A label indicating the type of resource.', {
          canonicalValues: ['User', 'Group'],
          mutability: 'immutable',
          strictCanonicalValues: true,
        }),
      ],
      { multiValued: true },
    ),
  ],
};

export const enterpriseUserSchema: SchemaDefinition = {
  id: SCHEMA.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person.'),
    attr('costCenter', 'Identifies the name of a cost center.'),
    attr('organization', 'Identifies the name of an organization.'),
    attr('division', 'Identifies the name of a division.'),
    attr('department', 'Identifies the name of a department.'),
    complex('manager', "The User's manager.", [
      attr('value', 'The id of the SCIM resource representing the User\'s manager.'),
      attr('$ref', 'The URI of the SCIM resource representing the User\'s manager.', ref(['User'])),
      attr('displayName', 'The displayName of the User\'s manager.', { mutability: 'readOnly' }),
    ]),
  ],
};
