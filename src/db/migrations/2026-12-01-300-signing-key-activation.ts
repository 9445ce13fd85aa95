import type { Kysely } from 'kysely';

// A rotated signing key is published at once and signs only from `active_from` on: relying
// parties that cached the JWKS before the rotation fetch the new key before any token needs it.
// Every node reads the time from the row, so all of them switch together whatever their own
// configuration says. Keys made before this migration have signed since they were created.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('signing_keys').addColumn('active_from', 'text').execute();
  await db
    .updateTable('signing_keys')
    .set((eb) => ({ active_from: eb.ref('created_at') }))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('signing_keys').dropColumn('active_from').execute();
}
