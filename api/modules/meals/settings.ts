// Per-week prices, the sales window times and the pickup points: the configurable parts of the
// program, kept in the database so the office changes them without a deploy.
import { uuidv7 } from '../../domain/ids.ts'
import type { PickupPoint, PickupPointInput, PriceListOut, SettingsInput } from '../../domain/meals/catalog.ts'
import type { PriceList } from '../../domain/meals/pricing.ts'
import { assertCommunity, notFound, pricesFor, windowSettings, type Db } from './common.ts'
import { audit } from '../../audit/audit.ts'

export async function getPrices(db: Db, sd: string, week: string): Promise<PriceListOut> {
  return { week, ...(await pricesFor(db, sd, week)) }
}

export async function putPrices(db: Db, sd: string, week: string, p: PriceList, now: Date, actorId: string | null = null): Promise<PriceListOut> {
  const before = await getPrices(db, sd, week) // audit (issue 8)
  const values = { set_fen: p.set_fen, box_fen: p.box_fen, rice_fen: p.rice_fen, bun_pair_fen: p.bun_pair_fen, soup_fen: p.soup_fen, updated_at: now.toISOString() }
  await db
    .insertInto('meal_prices')
    .values({ subdistrict_id: sd, week, ...values })
    .onConflict((oc) => oc.columns(['subdistrict_id', 'week']).doUpdateSet(values))
    .execute()
  await audit(db, { actor: { id: actorId, subdistrict_id: sd }, action: 'put', entity: 'meal_prices', entity_id: week, before, after: p, at: now }) // audit (issue 8)
  return getPrices(db, sd, week)
}

export { windowSettings as getSettings }

export async function putSettings(db: Db, sd: string, s: SettingsInput): Promise<SettingsInput> {
  await db
    .insertInto('meal_settings')
    .values({ subdistrict_id: sd, ...s })
    .onConflict((oc) => oc.column('subdistrict_id').doUpdateSet(s))
    .execute()
  return windowSettings(db, sd)
}

const NO_POINT = { 'zh-CN': '取餐点不存在', en: 'Pickup point not found' }

const toPoint = (r: { id: string; name: string; community_id: string; address: string; opens_time: string; closes_time: string; active: number }): PickupPoint => ({
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

export async function savePickupPoint(db: Db, sd: string, id: string | undefined, p: PickupPointInput, now: Date): Promise<PickupPoint> {
  await assertCommunity(db, sd, p.community_id)
  const values = { name: p.name, community_id: p.community_id, address: p.address, opens_time: p.opens_time, closes_time: p.closes_time, active: p.active ? 1 : 0 }
  if (id) {
    const res = await db.updateTable('meal_pickup_points').set(values).where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()
    if (Number(res.numUpdatedRows) === 0) throw notFound(NO_POINT)
    return { id, ...p }
  }
  const newId = uuidv7(now.getTime())
  await db.insertInto('meal_pickup_points').values({ subdistrict_id: sd, id: newId, ...values }).execute()
  return { id: newId, ...p }
}
