import { Type } from 'typebox';
import { PagingQuery } from '../schemas.js';

export const InvitationId = Type.String({ maxLength: 50, pattern: '^uinv_[A-Za-z0-9]+$', description: 'The id of the user invitation.' });
const Metadata = Type.Record(Type.String(), Type.Unknown(), { maxProperties: 50 });

export const InvitationBody = Type.Object(
  {
    inviter: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 300, description: "The inviter's name." }),
      },
      { additionalProperties: false },
    ),
    invitee: Type.Object(
      {
        email: Type.String({ format: 'email', maxLength: 254, description: "The invitee's email." }),
      },
      { additionalProperties: false },
    ),
    client_id: Type.String({ minLength: 1, maxLength: 64, description: "Client ID; resolves the application's login route." }),
    connection_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 50, description: 'The id of the connection to force invitee to authenticate with.' }),
    ),
    app_metadata: Type.Optional(Metadata),
    user_metadata: Type.Optional(Metadata),
    ttl_sec: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2592000,
        description: 'Seconds the invitation is valid; 0 or unspecified means 604800 (7 days).',
      }),
    ),
    roles: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
        maxItems: 50,
        description: 'List of roles IDs to associated with the user.',
      }),
    ),
    send_invitation_email: Type.Optional(
      Type.Boolean({ description: 'Whether the user will receive an invitation email (default true).' }),
    ),
  },
  { additionalProperties: false },
);

export const InvitationsListQuery = Type.Object(
  {
    page: PagingQuery.page,
    per_page: PagingQuery.per_page,
    include_totals: PagingQuery.include_totals,
    sort: Type.Optional(
      Type.String({ pattern: '^created_at:(1|-1)$', description: 'created_at:1 (oldest first) or created_at:-1 (newest first, default).' }),
    ),
  },
  { additionalProperties: false },
);

const AnyObject = Type.Object({}, { additionalProperties: true });

export const InvitationResponse = Type.Object(
  {
    id: Type.String(),
    organization_id: Type.String(),
    inviter: Type.Object({ name: Type.String() }),
    invitee: Type.Object({ email: Type.String() }),
    invitation_url: Type.String(),
    created_at: Type.String(),
    expires_at: Type.String(),
    client_id: Type.String(),
    connection_id: Type.Optional(Type.String()),
    app_metadata: AnyObject,
    user_metadata: AnyObject,
    roles: Type.Array(Type.String()),
    ticket_id: Type.String(),
  },
  { $id: 'InvitationsInvitation' },
);
