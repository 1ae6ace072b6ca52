// What residents see without an account: this and next week's published menus, the prices, whether
// tickets are on sale and until when, and the pickup points. No names, phones or ID numbers.
import { businessDate, isoWeekOf } from '#domain/time.ts'
import { describeWindow, nextIsoWeek, salesWindow } from '#domain/meals/window.ts'
import type { Db } from '../../../db/handle.ts'
import { pricesFor, windowSettings } from '../settings/queries.ts'
import { getMenu } from '../menus/service.ts'
import { listPickupPoints } from '../settings/service.ts'

/** The menu's part read from the meal tables: the same for everyone until they are written. */
type MenuData = Awaited<ReturnType<typeof readData>>

/**
 * Per database handle and subdistrict, the data of the last stamp read (meal_public_stamps, renewed by
 * a trigger with every write to the meal tables the menu reads) and the business week it is of.
 */
const kept = new WeakMap<object, Map<string, { stamp: string | null; week: string; data: MenuData }>>()

async function weekFor(db: Db, sd: string, week: string) {
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
}

async function readData(db: Db, sd: string, thisWeek: string) {
  const weeks = await Promise.all([thisWeek, nextIsoWeek(thisWeek)].map((week) => weekFor(db, sd, week)))
  const settings = await windowSettings(db, sd)
  const points = (await listPickupPoints(db, sd, true)).map((p) => ({
    name: p.name,
    address: p.address,
    community_id: p.community_id,
    opens_time: p.opens_time,
    closes_time: p.closes_time,
  }))
  return { weeks, settings, points }
}

/**
 * The residents' menu at `now`. `stamp` is the subdistrict's meal stamp as read before this call (null
 * while the meal tables have not been written since the stamps began): under the stamp this process
 * last read the data at, for the same business week, the kept data answer; otherwise they are read
 * again. A write committed after the stamp was read renews it, so data read after a stale stamp are
 * kept under that stamp and read again by the next request. The sales window and the business day are
 * worked out from `now` on every call.
 */
export async function publicMenu(db: Db, sd: string, now: Date, stamp: string | null) {
  const thisWeek = isoWeekOf(businessDate(now))
  const mine = kept.get(db) ?? new Map<string, { stamp: string | null; week: string; data: MenuData }>()
  kept.set(db, mine)
  let hit = mine.get(sd)
  if (!hit || hit.stamp !== stamp || hit.week !== thisWeek) {
    hit = { stamp, week: thisWeek, data: await readData(db, sd, thisWeek) }
    mine.set(sd, hit)
  }
  const { weeks, settings, points } = hit.data
  return {
    today: businessDate(now),
    weeks,
    window: { ...salesWindow(now, settings), rule: describeWindow(settings) },
    pickup_points: points,
  }
}
