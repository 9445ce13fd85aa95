import { Type } from 'typebox';
import { BrandingResponse } from '../organizations/organizations.schemas.js';

// Auth0's user shapes. Lengths follow Auth0's profile limits; metadata keys may not contain `.` or `$`.
const Email = Type.String({ format: 'email', maxLength: 254, description: "The user's email." });
const Password = Type.String({
  minLength: 1,
  maxLength: 128,
  description: "Password (database connections only), checked against the connection's password policy; at most 128 characters.",
});
const Username = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: "^[A-Za-z0-9_+\\-.!#$^`~@']+$",
  description: "The user's username (database connections).",
});
const Phone = Type.String({ pattern: '^\\+[1-9][0-9]{1,14}$', description: 'E.164 phone number.' });
const Name = Type.String({ minLength: 1, maxLength: 300 });
const PartName = Type.String({ minLength: 1, maxLength: 150 });
const Picture = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2048,
  description: 'URL to the picture, photo, or avatar of this user.',
});
const Metadata = (description: string) =>
  Type.Record(Type.String(), Type.Unknown(), {
    propertyNames: { minLength: 1, maxLength: 255, pattern: '^[^.$]+$' },
    maxProperties: 100,
    description,
  });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** A user id as Auth0 spells it, `<provider>|<id>` (`|` arrives percent-encoded in paths). */
export const UserId = Type.String({ minLength: 1, maxLength: 300, description: 'ID of the user.' });

export const UserCreateBody = Type.Object(
  {
    connection: Type.String({ minLength: 1, maxLength: 128, description: 'Name of the connection this user should be created in.' }),
    email: Type.Optional(Email),
    password: Type.Optional(Password),
    email_verified: Type.Optional(Type.Boolean()),
    verify_email: Type.Optional(Type.Boolean({ description: 'Accepted for compatibility; Gatehouse sends no email.' })),
    username: Type.Optional(Username),
    phone_number: Type.Optional(Phone),
    given_name: Type.Optional(PartName),
    family_name: Type.Optional(PartName),
    name: Type.Optional(Name),
    nickname: Type.Optional(Name),
    picture: Type.Optional(Picture),
    user_metadata: Type.Optional(Metadata('Free-form JSON object.')),
    app_metadata: Type.Optional(Metadata('Free-form JSON object.')),
    blocked: Type.Optional(Type.Boolean()),
    user_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        pattern: '^[A-Za-z0-9_.@:-]+$',
        description: "The provider's id for this user (the part after `<provider>|`).",
      }),
    ),
  },
  { additionalProperties: false },
);

export const UserPatchBody = Type.Object(
  {
    email: Type.Optional(nullable(Email)),
    password: Type.Optional(Password),
    email_verified: Type.Optional(Type.Boolean()),
    verify_email: Type.Optional(Type.Boolean({ description: 'Accepted for compatibility; Gatehouse sends no email.' })),
    username: Type.Optional(nullable(Username)),
    phone_number: Type.Optional(nullable(Phone)),
    given_name: Type.Optional(nullable(PartName)),
    family_name: Type.Optional(nullable(PartName)),
    name: Type.Optional(nullable(Name)),
    nickname: Type.Optional(nullable(Name)),
    picture: Type.Optional(nullable(Picture)),
    user_metadata: Type.Optional(Metadata('Top-level keys merge; a key set to null is removed; {} clears all.')),
    app_metadata: Type.Optional(Metadata('Top-level keys merge; a key set to null is removed; {} clears all.')),
    blocked: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const IdentityBody = Type.Object(
  {
    type: Type.Optional(Type.Literal('enterprise', { description: 'Kinde: assign an enterprise identity by email.' })),
    connection_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 50,
        description: "Enterprise connection (assignment) or the secondary account's connection (link).",
      }),
    ),
    email: Type.Optional(Email),
    provider: Type.Optional(
      Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9-]+$', description: 'Identity provider of the secondary account.' }),
    ),
    user_id: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 300 }), Type.Integer()], { description: 'user_id of the secondary account.' }),
    ),
    link_with: Type.Optional(Type.String({ maxLength: 8192 })),
  },
  { additionalProperties: false },
);

export const IdentityResponse = Type.Object(
  {
    connection: Type.String(),
    user_id: Type.Optional(Type.String({ description: 'Absent while an enterprise identity awaits its first login.' })),
    provider: Type.String(),
    isSocial: Type.Boolean(),
    profileData: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'UserIdentity' },
);

export const UserResponse = Type.Object(
  {
    user_id: Type.String(),
    email: Type.Optional(Type.String()),
    email_verified: Type.Boolean(),
    username: Type.Optional(Type.String()),
    phone_number: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    given_name: Type.Optional(Type.String()),
    family_name: Type.Optional(Type.String()),
    nickname: Type.Optional(Type.String()),
    picture: Type.Optional(Type.String()),
    user_metadata: Type.Record(Type.String(), Type.Unknown()),
    app_metadata: Type.Record(Type.String(), Type.Unknown()),
    blocked: Type.Boolean(),
    created_at: Type.String(),
    updated_at: Type.String(),
    last_login: Type.Optional(Type.String()),
    logins_count: Type.Integer(),
    identities: Type.Array(Type.Ref('UserIdentity')),
  },
  { $id: 'User' },
);

/** Auth0's organization shape in `GET /users/{id}/organizations`. */
export const UserOrganizationResponse = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    display_name: Type.Optional(Type.String()),
    branding: Type.Optional(BrandingResponse),
    metadata: Type.Record(Type.String(), Type.String()),
  },
  { $id: 'UserOrganization' },
);
