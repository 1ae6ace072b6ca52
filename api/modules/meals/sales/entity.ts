// The `meal_sale` sync entity: a ticket sale recorded on a phone without signal. It goes through the
// same service as REST, so the server clock still decides the window.
import type { EntityHandler } from '../../../sync/registry.ts'
import { ConflictError } from '../../../sync/registry.ts'
import { refused } from '../../../http/problem.ts'
import { SaleData, type Sale } from '#domain/meals/sales.ts'
import { MANAGE } from '../roles.ts'
import { createSale, getSale } from './service.ts'

export const SALE_ENTITY = 'meal_sale'

export const saleEntity: EntityHandler<SaleData> = {
  entity: SALE_ENTITY,
  schema: SaleData,
  roles: MANAGE,
  readRoles: MANAGE,
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw refused(422, 'meals_sale_no_edit')
    const existing = await tx
      .selectFrom('meal_sales')
      .select(['version'])
      .where('subdistrict_id', '=', user.subdistrict_id)
      .where('id', '=', m.entity_id)
      .executeTakeFirst()
    if (existing) throw new ConflictError(await getSale(tx, user.subdistrict_id, m.entity_id), existing.version)
    if (m.base_version !== null) throw refused(422, 'meals_sale_no_edit')
    const sale: Sale = await createSale(tx, user, { ...m.data, id: m.entity_id }, now)
    const sub = await tx
      .selectFrom('meal_subscribers')
      .select('community_id')
      .where('subdistrict_id', '=', user.subdistrict_id)
      .where('id', '=', sale.subscriber_id)
      .executeTakeFirst()
    return { record: sale, version: sale.version, community_id: sub?.community_id ?? null }
  },
}
