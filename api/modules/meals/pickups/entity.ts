// The `meal_pickup` sync entity: a pickup check-off made offline, through the same service as REST.
import type { EntityHandler } from '../../../sync/registry.ts'
import { refused } from '../../../http/problem.ts'
import { PickupData } from '#domain/meals/sales.ts'
import { MANAGE } from '../roles.ts'
import { checkOff, type PickupRecord } from './service.ts'

export const PICKUP_ENTITY = 'meal_pickup'

/** Check-offs are last-write-wins per (day, resident): two helpers ticking the same person agree anyway. */
export const pickupEntity: EntityHandler<PickupData> = {
  entity: PICKUP_ENTITY,
  schema: PickupData,
  roles: MANAGE,
  readRoles: MANAGE,
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw refused(422, 'meals_pickup_no_delete')
    const rec: PickupRecord = await checkOff(tx, user, { id: m.entity_id, ...m.data }, now)
    return { record: rec, version: rec.version, community_id: rec.community_id }
  },
}
