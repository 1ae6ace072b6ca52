// What every meals service shares: who may manage or read, the database handle type (plain or inside
// a transaction, so the sync engine can call the same code), and the per-week prices and window settings.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../db/schema.ts'
import type { Role } from '#domain/auth.ts'
import { ProblemError } from '../../http/problem.ts'
import { DEFAULT_PRICES, type PriceList } from '#domain/meals/pricing.ts'
import { DEFAULT_WINDOW, type WindowSettings } from '#domain/meals/window.ts'
import { translateMessage, type FieldError } from '#domain/messages.ts'
import '#domain/meals/messages.ts'

export type Db = Kysely<DB> | Transaction<DB>

export const MANAGE: Role[] = ['meals', 'admin']
export const REPORT: Role[] = ['meals', 'admin', 'coordinator']

/** A change and its audit entry commit together (issue 8); inside a caller's transaction, in that one. */
export const inTransaction = <T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn))

export const notFound = (what: { 'zh-CN': string; en: string }) => new ProblemError(404, what)

/** A 400 with one field error whose message is a registered key. */
export function fieldProblem(status: number, path: string, key: string, extra: FieldError[] = []): ProblemError {
  const zh = translateMessage(key, 'zh-CN') ?? key
  const en = translateMessage(key, 'en') ?? key
  return new ProblemError(status, { 'zh-CN': zh, en }, { errors: [{ path, message: zh, code: key }, ...extra] })
}

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

export async function communityNames(db: Db, subdistrictId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('communities').select(['id', 'name']).where('subdistrict_id', '=', subdistrictId).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

export async function assertCommunity(db: Db, subdistrictId: string, communityId: string, path = 'community_id'): Promise<void> {
  const names = await communityNames(db, subdistrictId)
  if (!names.has(communityId)) throw fieldProblem(400, path, 'community_unknown')
}
