// When a counter worker's session ends: at the end of their shift today. The latest half-day the
// roster gives them today, else the counter's closing time; a sign-in after both keeps the usual limits.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { businessDate } from '#domain/time.ts'
import { getSettings } from './service.ts'

export async function shiftEnd(db: Kysely<DB>, user: { subdistrict_id: string; id: string; role: string }, now: Date): Promise<Date | undefined> {
  if (user.role !== 'counter') return undefined
  const sub = user.subdistrict_id
  const settings = await getSettings(db, sub)
  const today = businessDate(now)
  const halves = await db
    .selectFrom('counter_assignments as a')
    .innerJoin('counter_workers as w', (j) => j.onRef('w.subdistrict_id', '=', 'a.subdistrict_id').onRef('w.id', '=', 'a.worker_id'))
    .select('a.half')
    .where('a.subdistrict_id', '=', sub)
    .where('a.date', '=', today)
    .where('w.user_id', '=', user.id)
    .execute()
  const at = (hhmm: string) => new Date(`${today}T${hhmm}:00+08:00`)
  const rostered = halves.some((h) => h.half === 'pm') ? settings.pm_end : halves.length ? settings.am_end : undefined
  for (const end of [rostered, settings.pm_end]) {
    if (end && at(end).getTime() > now.getTime()) return at(end)
  }
  return undefined
}
