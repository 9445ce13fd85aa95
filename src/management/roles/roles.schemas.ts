import { Type } from 'typebox';
import { PagingQuery } from '../schemas.js';

export const RoleId = Type.String({ maxLength: 50, pattern: '^rol_[A-Za-z0-9]+$', description: 'ID of the role.' });
const RoleName = Type.String({ minLength: 1, maxLength: 50, description: 'Name of the role.' });
const RoleDescription = Type.String({ maxLength: 140, description: 'Description of the role.' });

export const RoleBody = Type.Object(
  {
    name: RoleName,
    description: Type.Optional(RoleDescription),
  },
  { additionalProperties: false },
);

export const RolePatchBody = Type.Object(
  {
    name: Type.Optional(RoleName),
    description: Type.Optional(RoleDescription),
  },
  { additionalProperties: false },
);

export const RoleResponse = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
  },
  { $id: 'RolesRole' },
);

export const RolesListQuery = Type.Object(
  {
    page: PagingQuery.page,
    per_page: PagingQuery.per_page,
    include_totals: PagingQuery.include_totals,
    name_filter: Type.Optional(Type.String({ maxLength: 100, description: 'Optional filter on name (case-insensitive).' })),
  },
  { additionalProperties: false },
);

export const OffsetPagingQuery = Type.Object(
  {
    page: PagingQuery.page,
    per_page: PagingQuery.per_page,
    include_totals: PagingQuery.include_totals,
  },
  { additionalProperties: false },
);

const PermissionRef = Type.Object(
  {
    resource_server_identifier: Type.String({
      minLength: 1,
      maxLength: 600,
      description: 'Resource server (API) identifier that this permission is for.',
    }),
    permission_name: Type.String({ minLength: 1, maxLength: 280, description: 'Name of this permission.' }),
  },
  { additionalProperties: false },
);

export const PermissionsBody = Type.Object(
  {
    permissions: Type.Array(PermissionRef, {
      minItems: 1,
      maxItems: 100,
      description: 'array of resource_server_identifier, permission_name pairs.',
    }),
  },
  { additionalProperties: false },
);

export const PermissionResponse = Type.Object(
  {
    permission_name: Type.String(),
    resource_server_identifier: Type.String(),
    resource_server_name: Type.String(),
    description: Type.Optional(Type.String()),
  },
  { $id: 'RolesPermission' },
);
