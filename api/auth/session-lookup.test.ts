// Every signed-in request loads its session: one statement reads the session, the user and the user's
// communities together, on SQLite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompiledQuery } from 'kysely'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { loadSession, SESSION_COOKIE } from './sessions.ts'

let t: TestApp
let logged: Database
const captured: CompiledQuery[] = []
const policy = { idleMinutes: 30, absoluteHours: 12 }

beforeAll(async () => {
  t = await createTestApp()
  logged = openDatabase(t.deps.env.DATABASE_URL, { poolMax: 1, log: (e) => void (e.level === 'query' && captured.push(e.query)) })
})
afterAll(async () => {
  await logged?.close()
  await t?.close()
})

const cookieValue = (header: string) => header.split(';')[0]!.slice(SESSION_COOKIE.length + 1)

describe('loading a session', () => {
  it('reads session, user and communities in one statement', async () => {
    const inspector = cookieValue(await t.login('inspector'))
    const expected = (
      await t.deps.db
        .selectFrom('user_communities as uc')
        .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 'uc.subdistrict_id').onRef('u.id', '=', 'uc.user_id'))
        .select('uc.community_id')
        .where('u.username', '=', 'inspector')
        .execute()
    )
      .map((r) => r.community_id)
      .sort()
    expect(expected.length).toBeGreaterThan(0)
    captured.length = 0
    const user = await loadSession(logged.db, inspector, t.clock.now, policy)
    expect(user?.username).toBe('inspector')
    expect(user?.community_ids).toEqual(expected)
    expect(captured.map((q) => q.sql.split(' ')[0])).toEqual(['select'])
  })

  it('gives a user of no community an empty list', async () => {
    const coordinator = cookieValue(await t.login('coordinator'))
    await t.deps.db
      .deleteFrom('user_communities')
      .where('user_id', 'in', t.deps.db.selectFrom('users').select('id').where('username', '=', 'coordinator'))
      .execute()
    const user = await loadSession(logged.db, coordinator, t.clock.now, policy)
    expect(user?.role).toBe('coordinator')
    expect(user?.community_ids).toEqual([])
  })
})
