import { Type } from 'typebox';
import { PagingQuery } from '../schemas.js';

export const UserId = Type.String({ minLength: 1, maxLength: 255, description: 'ID of the user.' });
const RoleIdRef = Type.String({ minLength: 1, maxLength: 50 });
const MEMBER_FIELDS = '(user_id|email|picture|name|roles)';

export const MembersBody = Type.Object(
  {
    members: Type.Array(UserId, { minItems: 1, maxItems: 100, description: 'List of user IDs.' }),
  },
  { additionalProperties: false },
);

export const MemberRolesBody = Type.Object(
  {
    roles: Type.Array(RoleIdRef, { minItems: 1, maxItems: 100, description: 'List of role IDs.' }),
  },
  { additionalProperties: false },
);

export const MembersListQuery = Type.Object(
  {
    ...PagingQuery,
    fields: Type.Optional(
      Type.String({
        maxLength: 100,
        pattern: `^${MEMBER_FIELDS}(,${MEMBER_FIELDS})*$`,
        description: 'Comma-separated list of fields to include or exclude. `roles` is returned only when named here.',
      }),
    ),
    include_fields: Type.Optional(
      Type.Boolean({ description: 'Whether specified fields are to be included (true, default) or excluded (false).' }),
    ),
  },
  { additionalProperties: false },
);

export const MemberResponse = Type.Object(
  {
    user_id: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    picture: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    roles: Type.Optional(Type.Array(Type.Object({ id: Type.String(), name: Type.String() }))),
  },
  { $id: 'MembersMember' },
);

export const MemberRoleResponse = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
  },
  { $id: 'MembersRole' },
);
