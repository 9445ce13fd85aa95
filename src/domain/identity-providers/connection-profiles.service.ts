import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import type { Strategy } from '../connections/connections.types.js';
import { fail, invalidInput } from '../errors.js';
import { prefixedId } from '../shared/ids.js';
import { readSetting, writeSetting } from '../settings/settings.queries.js';
import { CONNECTION_PROFILE_KEY, type ConnectionProfile, DEFAULT_CONNECTION_PROFILE, MY_ORG_OPTIONS } from './connection-profile.js';

/**
 * The tenant's connection profile as the Management API shows it (Auth0's `/connection-profiles`):
 * Gatehouse keeps one per tenant. `strategies` maps each enterprise strategy organization admins may
 * create to the options they may set on a `full` connection of it.
 */
export interface ConnectionProfileView {
  id: string;
  name: string;
  strategies: Partial<Record<Strategy, string[]>>;
}

export interface ConnectionProfileInput {
  name: string;
  strategies?: Partial<Record<string, string[]>>;
}

export type ConnectionProfilePatch = Partial<ConnectionProfileInput>;

/** The stored setting: the rules the My Organization API applies, with the profile's id and name. */
type StoredProfile = ConnectionProfile & { id: string; name: string };

const NOT_FOUND = 'No connection profile found by that id';
const TEMPLATE_ID = 'gatehouse-default';

function view(stored: StoredProfile | ConnectionProfile, id: string, name: string): ConnectionProfileView {
  const strategies: Partial<Record<Strategy, string[]>> = {};
  for (const strategy of stored.strategies) strategies[strategy] = [...(stored.options[strategy] ?? [])];
  return { id, name, strategies };
}

/** Each strategy must be an enterprise one the My Organization API speaks; each option one of its own. */
function toRules(strategies: Partial<Record<string, string[]>>): ConnectionProfile {
  const out: ConnectionProfile = { strategies: [], options: {} };
  for (const [strategy, options] of Object.entries(strategies)) {
    const known = MY_ORG_OPTIONS[strategy as Strategy];
    if (!known) invalidInput(`gatehouse_strategies.${strategy}`, `Must be one of: ${Object.keys(MY_ORG_OPTIONS).join(', ')}`);
    for (const [i, option] of (options ?? []).entries()) {
      if (!known.includes(option)) {
        invalidInput(`gatehouse_strategies.${strategy}[${i}]`, `Must be one of the ${strategy} options: ${known.join(', ')}`, {
          value: option,
        });
      }
    }
    out.strategies.push(strategy as Strategy);
    out.options[strategy as Strategy] = [...new Set(options ?? [])];
  }
  return out;
}

export function createConnectionProfilesService({ db, events }: ServiceDeps) {
  const stored = () => readSetting<StoredProfile>(db, CONNECTION_PROFILE_KEY);

  async function find(id: string): Promise<StoredProfile> {
    const profile = await stored();
    if (!profile || profile.id !== id) fail('inexistent_connection_profile', NOT_FOUND);
    return profile;
  }

  async function save(actor: Actor, profile: StoredProfile, type: 'connection_profile_created' | 'connection_profile_updated') {
    await db.transaction().execute(async (trx) => {
      await writeSetting(trx, CONNECTION_PROFILE_KEY, profile);
      await events.record(trx, actor, { type, details: { connection_profile: { id: profile.id, name: profile.name } } });
    });
    return view(profile, profile.id, profile.name);
  }

  return {
    /** The tenant's profile, when one was created; without one the built-in default applies. */
    async list(): Promise<ConnectionProfileView[]> {
      const profile = await stored();
      return profile ? [view(profile, profile.id, profile.name)] : [];
    },

    async get(id: string): Promise<ConnectionProfileView> {
      const profile = await find(id);
      return view(profile, profile.id, profile.name);
    },

    /** The profile to start from: every strategy and option the My Organization API speaks. */
    templates(): { id: string; display_name: string; template: Omit<ConnectionProfileView, 'id'> }[] {
      const { strategies } = view(DEFAULT_CONNECTION_PROFILE, TEMPLATE_ID, '');
      return [{ id: TEMPLATE_ID, display_name: 'Every strategy and option', template: { name: 'Gatehouse default', strategies } }];
    },

    template(id: string) {
      const found = this.templates().find((t) => t.id === id);
      if (!found) fail('inexistent_connection_profile', 'No connection profile template found by that id');
      return found;
    },

    /** Creates the tenant's profile; without `strategies`, the built-in default's. One per tenant. */
    async create(actor: Actor, input: ConnectionProfileInput): Promise<ConnectionProfileView> {
      if (await stored()) fail('connection_profile_conflict', 'The tenant has a connection profile already; update or delete it.');
      const rules = input.strategies ? toRules(input.strategies) : DEFAULT_CONNECTION_PROFILE;
      return save(actor, { id: prefixedId('cop'), name: input.name, ...rules }, 'connection_profile_created');
    },

    async update(actor: Actor, id: string, patch: ConnectionProfilePatch): Promise<ConnectionProfileView> {
      const current = await find(id);
      const rules = patch.strategies ? toRules(patch.strategies) : { strategies: current.strategies, options: current.options };
      return save(actor, { id, name: patch.name ?? current.name, ...rules }, 'connection_profile_updated');
    },

    /** Deletes the profile: organization admins are bound by the built-in default again. */
    async remove(actor: Actor, id: string): Promise<void> {
      const profile = await find(id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('settings').where('key', '=', CONNECTION_PROFILE_KEY).execute();
        await events.record(trx, actor, {
          type: 'connection_profile_deleted',
          details: { connection_profile: { id: profile.id, name: profile.name } },
        });
      });
    },
  };
}

export type ConnectionProfilesService = ReturnType<typeof createConnectionProfilesService>;
