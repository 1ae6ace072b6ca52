// The week's prices and the sales window settings as the services read them: the stored row, or the
// defaults when the office has not set one.
import type { Db } from '../../../db/handle.ts'
import { DEFAULT_PRICES, type PriceList } from '#domain/meals/pricing.ts'
import { DEFAULT_WINDOW, type WindowSettings } from '#domain/meals/window.ts'

export async function pricesFor(db: Db, subdistrictId: string, week: string): Promise<PriceList & { is_default: boolean }> {
  const row = await db.selectFrom('meal_prices').selectAll().where('subdistrict_id', '=', subdistrictId).where('week', '=', week).executeTakeFirst()
  if (!row) return { ...DEFAULT_PRICES, is_default: true }
  return { set_fen: row.set_fen, box_fen: row.box_fen, rice_fen: row.rice_fen, bun_pair_fen: row.bun_pair_fen, soup_fen: row.soup_fen, is_default: false }
}

export async function windowSettings(db: Db, subdistrictId: string): Promise<WindowSettings> {
  const row = await db.selectFrom('meal_settings').selectAll().where('subdistrict_id', '=', subdistrictId).executeTakeFirst()
  if (!row) return DEFAULT_WINDOW
  return { opens_weekday: row.opens_weekday, opens_time: row.opens_time, closes_weekday: row.closes_weekday, closes_time: row.closes_time }
}
