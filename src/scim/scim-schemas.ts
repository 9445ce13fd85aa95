import { CORE_GROUP_SCHEMA, CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from '../domain/scim/index.js';

// The schema definitions Gatehouse serves at /Schemas (RFC 7643 §7, §8.7.1), for the attributes it
// stores and maps. Every attribute of a resource is kept as sent, so the list is what clients may rely on.

type Kind = 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';

interface Attribute {
  name: string;
  type: Kind;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readWrite' | 'readOnly' | 'immutable' | 'writeOnly';
  returned: 'always' | 'default' | 'never' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  subAttributes?: Attribute[];
  referenceTypes?: string[];
}

function attr(name: string, description: string, options: Partial<Attribute> = {}): Attribute {
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

const multi = (name: string, description: string, sub: Attribute[]) =>
  attr(name, description, { type: 'complex', multiValued: true, subAttributes: sub });
const valueTypePrimary = (what: string) => [
  attr('value', `The ${what}.`),
  attr('display', 'A human-readable name.'),
  attr('type', `The kind of ${what} (work, home, other).`),
  attr('primary', `Whether this is the primary ${what}.`, { type: 'boolean' }),
];

const USER_ATTRIBUTES: Attribute[] = [
  attr('userName', 'Unique identifier for the User, case-insensitive within the connection.', { required: true, uniqueness: 'server' }),
  attr('name', "The components of the user's name.", {
    type: 'complex',
    subAttributes: [
      attr('formatted', 'The full name.'),
      attr('familyName', 'The family name.'),
      attr('givenName', 'The given name.'),
      attr('middleName', 'The middle name.'),
      attr('honorificPrefix', 'The honorific prefix.'),
      attr('honorificSuffix', 'The honorific suffix.'),
    ],
  }),
  attr('displayName', 'The name of the User, suitable for display.'),
  attr('nickName', 'The casual way to address the user.'),
  attr('title', "The user's title."),
  attr('preferredLanguage', "The User's preferred language."),
  attr('locale', "The User's default location."),
  attr('timezone', "The User's time zone."),
  attr('active', "The User's administrative status; false blocks the user and ends their sessions.", { type: 'boolean' }),
  attr('password', 'Accepted and never stored: the user signs in through the connection.', { mutability: 'writeOnly', returned: 'never' }),
  multi('emails', 'Email addresses for the user.', valueTypePrimary('email address')),
  multi('phoneNumbers', 'Phone numbers for the User.', valueTypePrimary('phone number')),
  multi('photos', 'URLs of photos of the User.', valueTypePrimary('photo URL')),
  multi('groups', 'The groups the user belongs to (read through /Groups).', [
    attr('value', 'The group id.'),
    attr('display', 'The group name.'),
  ]),
];

const ENTERPRISE_ATTRIBUTES: Attribute[] = [
  attr('employeeNumber', 'A numeric or alphanumeric identifier assigned to a person.'),
  attr('costCenter', 'The cost center.'),
  attr('organization', 'The organization.'),
  attr('division', 'The division.'),
  attr('department', 'The department.'),
  attr('manager', "The User's manager.", {
    type: 'complex',
    subAttributes: [attr('value', "The id of the manager's User."), attr('displayName', "The manager's name.", { mutability: 'readOnly' })],
  }),
];

const GROUP_ATTRIBUTES: Attribute[] = [
  attr('displayName', 'A human-readable name for the Group, unique within the connection.', { required: true, uniqueness: 'server' }),
  multi('members', 'A list of members of the Group.', [
    attr('value', 'The id of the member User.', { mutability: 'immutable' }),
    attr('display', "The member's userName.", { mutability: 'readOnly' }),
    attr('$ref', 'The URI of the member User.', { type: 'reference', referenceTypes: ['User'], mutability: 'immutable' }),
  ]),
];

function schema(id: string, name: string, description: string, attributes: Attribute[], base: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${id}` },
  };
}

export function schemaDefinitions(base: string) {
  return [
    schema(CORE_USER_SCHEMA, 'User', 'User Account', USER_ATTRIBUTES, base),
    schema(ENTERPRISE_USER_SCHEMA, 'EnterpriseUser', 'Enterprise User', ENTERPRISE_ATTRIBUTES, base),
    schema(CORE_GROUP_SCHEMA, 'Group', 'Group', GROUP_ATTRIBUTES, base),
  ];
}

export function resourceTypes(base: string) {
  const meta = (id: string) => ({ resourceType: 'ResourceType', location: `${base}/ResourceTypes/${id}` });
  return [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: CORE_USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: meta('User'),
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: CORE_GROUP_SCHEMA,
      meta: meta('Group'),
    },
  ];
}

export function serviceProviderConfig(base: string, maxResults: number) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: `${base}/ServiceProviderConfig`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: "A SCIM token of the connection, from the Management API's scim-configuration/tokens.",
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}
