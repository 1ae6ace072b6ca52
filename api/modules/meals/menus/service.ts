// The weekly menu, keyed by ISO week: each day's set (one dish per category) or a closed day.
// Publishing locks it; a later change needs a note and is kept as a change everyone can see.
import type { SessionUser } from '../../../http/context.ts'
import { fieldProblem, fieldsProblem, refused } from '../../../http/problem.ts'
import { uuidv7 } from '#domain/ids.ts'
import { isoWeekDates, isoWeekday } from '#domain/time.ts'
import { DISH_CATEGORIES, type MenuDay, type MenuPut, type MenuWeek } from '#domain/meals/catalog.ts'
import type { Db } from '../../../db/handle.ts'
import { listDishes } from '../dishes/service.ts'
import { audit } from '../../../audit/audit.ts'

type Slot = (typeof DISH_CATEGORIES)[number]
const col = (c: Slot) => `${c}_id` as const

export async function getMenu(db: Db, sd: string, week: string): Promise<MenuWeek> {
  const dates = isoWeekDates(week) ?? []
  const menu = await db.selectFrom('meal_menus').selectAll().where('subdistrict_id', '=', sd).where('week', '=', week).executeTakeFirst()
  const dayRows = await db.selectFrom('meal_menu_days').selectAll().where('subdistrict_id', '=', sd).where('week', '=', week).execute()
  const dishes = new Map((await listDishes(db, sd)).map((d) => [d.id, d]))
  const changes = await db.selectFrom('meal_menu_changes').selectAll().where('subdistrict_id', '=', sd).where('week', '=', week).orderBy('at').execute()
  const ref = (id: string | null | undefined) => {
    const d = id ? dishes.get(id) : undefined
    return d ? { id: d.id, name: d.name, tags: d.tags, allergens: d.allergens } : null
  }
  const days: MenuDay[] = dates.map((date) => {
    const r = dayRows.find((x) => x.date === date)
    return {
      date,
      weekday: isoWeekday(date),
      closed: r?.closed === 1,
      closed_reason: r?.closed_reason ?? null,
      dishes: { meat: ref(r?.meat_id), vegetable: ref(r?.vegetable_id), side: ref(r?.side_id), staple: ref(r?.staple_id), soup: ref(r?.soup_id) },
    }
  })
  return {
    week,
    status: (menu?.status as MenuWeek['status'] | undefined) ?? 'none',
    published_at: menu?.published_at ?? null,
    version: menu?.version ?? 0,
    days,
    changes: changes.map((c) => ({ id: c.id, at: c.at, note: c.note, by_name: c.by_name })),
  }
}

export async function putMenu(db: Db, user: SessionUser, week: string, input: MenuPut, now: Date): Promise<MenuWeek> {
  const sd = user.subdistrict_id
  const dates = isoWeekDates(week)!
  input.days.forEach((d, i) => {
    if (d.date !== dates[i]) throw fieldProblem('meals_date_invalid', `days.${i}.date`)
  })
  const dishes = new Map((await listDishes(db, sd)).map((d) => [d.id, d]))
  const wrong = input.days.flatMap((d, i) =>
    DISH_CATEGORIES.filter((c) => {
      const id = d.dishes[c]
      return id !== null && dishes.get(id)?.category !== c
    }).map((c) => ({ path: `days.${i}.dishes.${c}`, key: 'meals_dish_mismatch' })),
  )
  if (wrong.length) throw fieldsProblem(wrong, { detail: 'meals_dish_mismatch' })

  const before = await getMenu(db, sd, week)
  const published = before.status === 'published'
  if (published && !input.change_note) throw fieldProblem('meals_note_required', 'change_note')
  const at = now.toISOString()
  if (before.status === 'none') {
    await db.insertInto('meal_menus').values({ subdistrict_id: sd, week, status: 'draft', published_at: null, version: 1, updated_at: at }).execute()
  } else {
    await db
      .updateTable('meal_menus')
      .set({ version: before.version + 1, updated_at: at })
      .where('subdistrict_id', '=', sd)
      .where('week', '=', week)
      .execute()
  }
  await db.deleteFrom('meal_menu_days').where('subdistrict_id', '=', sd).where('week', '=', week).execute()
  await db
    .insertInto('meal_menu_days')
    .values(
      input.days.map((d) => ({
        subdistrict_id: sd,
        date: d.date,
        week,
        closed: d.closed ? 1 : 0,
        closed_reason: d.closed ? d.closed_reason : null,
        ...Object.fromEntries(DISH_CATEGORIES.map((c) => [col(c), d.dishes[c]])),
      })) as never,
    )
    .execute()
  if (published) {
    await db
      .insertInto('meal_menu_changes')
      .values({
        subdistrict_id: sd,
        id: uuidv7(now.getTime()),
        week,
        at,
        note: input.change_note!,
        by_user_id: user.id,
        by_name: user.display_name,
        before: JSON.stringify(before.days),
      })
      .execute()
  }
  await audit(db, { actor: user, action: 'put', entity: 'meal_menu', entity_id: week, before: before.days, after: input.days, at: now })
  return getMenu(db, sd, week)
}

export async function publishMenu(db: Db, sd: string, week: string, now: Date): Promise<MenuWeek> {
  const menu = await getMenu(db, sd, week)
  if (menu.status === 'none') throw refused(422, 'meals_week_no_menu')
  if (menu.status === 'published') return menu
  const missing = menu.days.flatMap((d, i) =>
    d.closed
      ? []
      : DISH_CATEGORIES.filter((c) => d.dishes[c] === null).map((c) => ({
          path: `days.${i}.dishes.${c}`,
          key: 'meals_set_incomplete',
        })),
  )
  if (missing.length) {
    throw fieldsProblem(missing, { status: 422, detail: 'meals_publish_incomplete' })
  }
  await db
    .updateTable('meal_menus')
    .set({ status: 'published', published_at: now.toISOString(), version: menu.version + 1, updated_at: now.toISOString() })
    .where('subdistrict_id', '=', sd)
    .where('week', '=', week)
    .execute()
  return getMenu(db, sd, week)
}
