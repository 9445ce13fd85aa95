import { Type } from 'typebox';
import { OrganizationId } from '../organizations/organizations.schemas.js';

const Day = (description: string) => Type.String({ pattern: '^[0-9]{8}$', description });

const OrganizationFilter = Type.Optional(
  Type.String({
    ...OrganizationId,
    description: "Gatehouse extension: count only this organization's events (an organization deleted since keeps its history).",
  }),
);

/** Auth0's `from`/`to` (inclusive UTC days, YYYYMMDD), and Gatehouse's organization filter. */
export const DailyStatsQuery = Type.Object(
  {
    from: Type.Optional(Day('First day of the date range (inclusive) in YYYYMMDD format, UTC. Defaults to 29 days before `to`.')),
    to: Type.Optional(Day('Last day of the date range (inclusive) in YYYYMMDD format, UTC. Defaults to today. At most 366 days in all.')),
    organization_id: OrganizationFilter,
  },
  { additionalProperties: false },
);

export const ActiveUsersQuery = Type.Object({ organization_id: OrganizationFilter }, { additionalProperties: false });

/** Auth0's daily stats entry, with Gatehouse's `failed_logins`. */
export const DailyStatsResponse = Type.Object(
  {
    date: Type.String({ description: 'The day (its start, ISO 8601).' }),
    logins: Type.Integer({ description: 'Successful logins on this day.' }),
    signups: Type.Integer({ description: 'New users on this day: sign-ups, users created through the API, users provisioned.' }),
    leaked_passwords: Type.Integer({
      description: 'Breached-password detections: always 0 (Gatehouse has no breached-password detection).',
    }),
    failed_logins: Type.Integer({
      description: 'Gatehouse extension: failed logins on this day (wrong password, unknown user, blocked account).',
    }),
    updated_at: Type.String({ description: "Time of the day's last counted event (the day's start when there was none)." }),
    created_at: Type.String({ description: "Time of the day's first counted event (the day's start when there was none)." }),
  },
  { $id: 'StatsDailyStats' },
);
