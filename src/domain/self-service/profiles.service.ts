import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { changedFields } from '../events/changed-fields.js';
import { fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { OffsetPage, PageResult } from '../shared/pagination.js';
import { deleteProfile, findProfileRow, insertProfile, profilesQuery, toProfile, updateProfile } from './self-service.queries.js';
import type { SelfServiceProfileRowUpdate } from '../../db/schema/self-service.table.js';
import { type ProfileInput, type ProfilePatch, SELF_SERVICE_STRATEGIES, type SelfServiceProfile } from './self-service.types.js';

const NOT_FOUND = 'No self-service profile found by that id';

/**
 * Self-service profiles (Auth0's): what the hosted SSO setup wizard offers a customer's IT admin —
 * the IdP kinds, the user attributes to map, the branding. Every change is an event.
 */
export function createSelfServiceProfilesService({ db, clock, events }: ServiceDeps) {
  async function get(id: string): Promise<SelfServiceProfile> {
    const row = await findProfileRow(db, id);
    if (!row) fail('inexistent_self_service_profile', NOT_FOUND);
    return toProfile(row);
  }

  function subject(profile: { id: string; name: string }) {
    return { details: { self_service_profile: { id: profile.id, name: profile.name } } };
  }

  return {
    get,

    /** Offset paging, as Auth0 pages this list. */
    list(page: OffsetPage): Promise<PageResult<SelfServiceProfile>> {
      return pageByKey({ page, query: profilesQuery(db), key: 'id', keyOf: (row) => row.id, toItems: (rows) => rows.map(toProfile) });
    },

    async create(actor: Actor, input: ProfileInput): Promise<SelfServiceProfile> {
      const now = iso(clock.now());
      const row = {
        id: prefixedId('ssp', 22),
        name: input.name,
        description: input.description ?? null,
        user_attributes: JSON.stringify(input.user_attributes ?? []),
        branding: input.branding ? JSON.stringify(input.branding) : null,
        // Auth0 offers every strategy when none is named.
        allowed_strategies: JSON.stringify(input.allowed_strategies ?? [...SELF_SERVICE_STRATEGIES]),
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await insertProfile(trx, row);
        await events.record(trx, actor, { type: 'self_service_profile_created', ...subject(row) });
      });
      return toProfile(row);
    },

    async update(actor: Actor, id: string, patch: ProfilePatch): Promise<SelfServiceProfile> {
      return db.transaction().execute(async (trx) => {
        const row = await findProfileRow(trx, id);
        if (!row) fail('inexistent_self_service_profile', NOT_FOUND);
        const changes: SelfServiceProfileRowUpdate = { updated_at: iso(clock.now()) };
        if (patch.name !== undefined) changes.name = patch.name;
        if (patch.description !== undefined) changes.description = patch.description;
        if (patch.user_attributes !== undefined) changes.user_attributes = JSON.stringify(patch.user_attributes ?? []);
        if (patch.branding !== undefined) changes.branding = patch.branding === null ? null : JSON.stringify(patch.branding);
        if (patch.allowed_strategies !== undefined) changes.allowed_strategies = JSON.stringify(patch.allowed_strategies);
        await updateProfile(trx, id, changes);
        const updated = (await findProfileRow(trx, id))!;
        await events.record(trx, actor, {
          type: 'self_service_profile_updated',
          details: { ...subject(updated).details, changed: changedFields(patch) },
        });
        return toProfile(updated);
      });
    },

    /** Deletes the profile; its tickets stop working with it. */
    async remove(actor: Actor, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await findProfileRow(trx, id);
        if (!row || !(await deleteProfile(trx, id))) fail('inexistent_self_service_profile', NOT_FOUND);
        await events.record(trx, actor, { type: 'self_service_profile_deleted', ...subject(row) });
      });
    },
  };
}

export type SelfServiceProfilesService = ReturnType<typeof createSelfServiceProfilesService>;
