// Sales and check-offs made over REST are logged to the sync change log too, so every phone that
// pulls sees the same records whether they were made online or synced from another device.
import type { Transaction } from 'kysely'
import type { DB } from '../../db/schema.ts'
import type { SessionUser } from '../../http/context.ts'
import { appendChange } from '../../sync/change-log.ts'
import type { Sale } from '#domain/meals/sales.ts'
import type { PickupRecord } from './pickups/service.ts'
import { SALE_ENTITY } from './sales/entity.ts'
import { PICKUP_ENTITY } from './pickups/entity.ts'

export async function logSale(tx: Transaction<DB>, user: SessionUser, sale: Sale, now: Date): Promise<Sale> {
  const sub = await tx
    .selectFrom('meal_subscribers')
    .select('community_id')
    .where('subdistrict_id', '=', user.subdistrict_id)
    .where('id', '=', sale.subscriber_id)
    .executeTakeFirst()
  await appendChange(
    tx,
    user.subdistrict_id,
    { entity: SALE_ENTITY, entity_id: sale.id, community_id: sub?.community_id ?? null, op: 'put', version: sale.version, record: sale },
    now,
  )
  return sale
}

export async function logPickup(tx: Transaction<DB>, user: SessionUser, rec: PickupRecord, now: Date): Promise<PickupRecord> {
  await appendChange(
    tx,
    user.subdistrict_id,
    { entity: PICKUP_ENTITY, entity_id: rec.id, community_id: rec.community_id, op: 'put', version: rec.version, record: rec },
    now,
  )
  return rec
}
