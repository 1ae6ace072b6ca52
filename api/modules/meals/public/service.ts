// What residents see without an account: this and next week's published menus, the prices, whether
// tickets are on sale and until when, and the pickup points. No names, phones or ID numbers.
import { businessDate, isoWeekOf } from '#domain/time.ts'
import { describeWindow, nextIsoWeek, salesWindow } from '#domain/meals/window.ts'
import type { Db } from '../../../db/handle.ts'
import { pricesFor, windowSettings } from '../settings/queries.ts'
import { getMenu } from '../menus/service.ts'
import { listPickupPoints } from '../settings/service.ts'

export async function publicMenu(db: Db, sd: string, now: Date) {
  const thisWeek = isoWeekOf(businessDate(now))
  const weeks = await Promise.all(
    [thisWeek, nextIsoWeek(thisWeek)].map(async (week) => {
      const menu = await getMenu(db, sd, week)
      const published = menu.status === 'published'
      const p = await pricesFor(db, sd, week)
      return {
        week,
        published,
        days: published
          ? menu.days.map((d) => ({
              date: d.date,
              weekday: d.weekday,
              closed: d.closed,
              closed_reason: d.closed_reason,
              dishes: Object.fromEntries(Object.entries(d.dishes).map(([k, v]) => [k, v ? { name: v.name, tags: v.tags, allergens: v.allergens } : null])),
            }))
          : [],
        changes: published ? menu.changes.map((c) => ({ at: c.at, note: c.note })) : [],
        prices: { set_fen: p.set_fen, box_fen: p.box_fen, rice_fen: p.rice_fen, bun_pair_fen: p.bun_pair_fen, soup_fen: p.soup_fen },
      }
    }),
  )
  const settings = await windowSettings(db, sd)
  const points = await listPickupPoints(db, sd, true)
  return {
    today: businessDate(now),
    weeks,
    window: { ...salesWindow(now, settings), rule: describeWindow(settings) },
    pickup_points: points.map((p) => ({
      name: p.name,
      address: p.address,
      community_id: p.community_id,
      opens_time: p.opens_time,
      closes_time: p.closes_time,
    })),
  }
}
