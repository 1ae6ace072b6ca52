// Per-week prices, the sales window times and the pickup points: the configurable parts of the
// program, kept in the database so the office changes them without a deploy.
import { uuidv7 } from '#domain/ids.ts'
import type { PickupPoint, PickupPointInput, PriceListOut, SettingsInput } from '#domain/meals/catalog.ts'
import type { PriceList } from '#domain/meals/pricing.ts'
import { assertCommunity } from '../communities.ts'
import { inTransaction, type Db } from '../../../db/handle.ts'
import { pricesFor, windowSettings } from './queries.ts'
import { audit } from '../../../audit/audit.ts'
import { notFound } from '../../../http/problem.ts'

export async function getPrices(db: Db, sd: string, week: string): Promise<PriceListOut> {
  return { week, ...(await pricesFor(db, sd, week)) }
}

export async function putPrices(db: Db, sd: string, week: string, p: PriceList, now: Date, actorId: string | null = null): Promise<PriceListOut> {
  return inTransaction(db, async (tx) => {
    const before = await getPrices(tx, sd, week)
    const values = {
      set_fen: p.set_fen,
      box_fen: p.box_fen,
      rice_fen: p.rice_fen,
      bun_pair_fen: p.bun_pair_fen,
      soup_fen: p.soup_fen,
      updated_at: now.toISOString(),
    }
    await tx
      .insertInto('meal_prices')
      .values({ subdistrict_id: sd, week, ...values })
      .onConflict((oc) => oc.columns(['subdistrict_id', 'week']).doUpdateSet(values))
      .execute()
    await audit(tx, { actor: { id: actorId, subdistrict_id: sd }, action: 'put', entity: 'meal_prices', entity_id: week, before, after: p, at: now })
    return getPrices(tx, sd, week)
  })
}

export { windowSettings as getSettings }

export async function putSettings(db: Db, sd: string, s: SettingsInput, now: Date, actorId: string | null = null): Promise<SettingsInput> {
  return inTransaction(db, async (tx) => {
    const before = await windowSettings(tx, sd)
    await tx
      .insertInto('meal_settings')
      .values({ subdistrict_id: sd, ...s })
      .onConflict((oc) => oc.column('subdistrict_id').doUpdateSet(s))
      .execute()
    await audit(tx, { actor: { id: actorId, subdistrict_id: sd }, action: 'put', entity: 'meal_settings', entity_id: sd, before, after: s, at: now })
    return windowSettings(tx, sd)
  })
}

const toPoint = (r: {
  id: string
  name: string
  community_id: string
  address: string
  opens_time: string
  closes_time: string
  active: number
}): PickupPoint => ({
  id: r.id,
  name: r.name,
  community_id: r.community_id,
  address: r.address,
  opens_time: r.opens_time,
  closes_time: r.closes_time,
  active: r.active === 1,
})

export async function listPickupPoints(db: Db, sd: string, activeOnly = false): Promise<PickupPoint[]> {
  let q = db.selectFrom('meal_pickup_points').selectAll().where('subdistrict_id', '=', sd)
  if (activeOnly) q = q.where('active', '=', 1)
  return (await q.orderBy('name').execute()).map(toPoint)
}

export async function savePickupPoint(
  db: Db,
  sd: string,
  id: string | undefined,
  p: PickupPointInput,
  now: Date,
  actorId: string | null = null,
  newId = uuidv7(now.getTime()),
): Promise<PickupPoint> {
  await assertCommunity(db, sd, p.community_id)
  const values = {
    name: p.name,
    community_id: p.community_id,
    address: p.address,
    opens_time: p.opens_time,
    closes_time: p.closes_time,
    active: p.active ? 1 : 0,
  }
  const actor = { id: actorId, subdistrict_id: sd }
  return inTransaction(db, async (tx) => {
    if (id) {
      const before = await tx.selectFrom('meal_pickup_points').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
      if (!before) throw notFound('meals_point_unknown')
      await tx.updateTable('meal_pickup_points').set(values).where('subdistrict_id', '=', sd).where('id', '=', id).execute()
      await audit(tx, { actor, action: 'update', entity: 'meal_pickup_point', entity_id: id, before: toPoint(before), after: { id, ...p }, at: now })
      return { id, ...p }
    }
    await tx
      .insertInto('meal_pickup_points')
      .values({ subdistrict_id: sd, id: newId, ...values })
      .execute()
    await audit(tx, { actor, action: 'create', entity: 'meal_pickup_point', entity_id: newId, after: { id: newId, ...p }, at: now })
    return { id: newId, ...p }
  })
}
