import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PullResponse } from '#domain/sync.ts'
import { TEST_ENTITY } from '../test-support/testing-entity.ts'
import { entityRegistry, type EntityHandler } from './registry.ts'
import { pullChanges, pullChangesJson } from './pull.ts'
import type { SessionUser } from '../http/context.ts'

let t: TestApp
const ids: Record<string, string> = {}
/** The cursor after whatever other modules' demo seeds logged. */
let start = '0'
beforeAll(async () => {
  t = await createTestApp({ testNotes: true })
  const coord = await t.login('coordinator')
  const row = await t.deps.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', 'shuangjing').executeTakeFirst()
  start = String(row?.seq ?? 0)
  const note = (community_id: string | null, text: string): Mutation => {
    const id = uuidv7()
    ids[text] = id
    return {
      id: uuidv7(),
      entity: TEST_ENTITY,
      entity_id: id,
      op: 'put',
      base_version: null,
      data: { community_id, text },
      client_time: '2026-12-02T01:00:00Z',
    }
  }
  const mutations = [note('jiulongshan', 'A'), note('guangquan', 'B'), note(null, 'C'), note('jiulongnan', 'D'), note('maoxing', 'E')]
  const res = await t.req('/api/sync/push', { method: 'POST', cookie: coord, json: { device_id: 'desk', mutations } })
  expect(res.status).toBe(200)
})
afterAll(() => t.close())

const pull = async (cookie: string, qs = '') => {
  const res = await t.req(`/api/sync/pull${qs || `?since=${start}`}`, { cookie })
  expect(res.status).toBe(200)
  return (await res.json()) as PullResponse
}
const texts = (p: PullResponse) => p.changes.filter((c) => c.entity === TEST_ENTITY).map((c) => (c.record as { text: string }).text)

describe('pull', () => {
  it('gives an inspector only their communities (and community-less records)', async () => {
    expect(texts(await pull(await t.login('inspector')))).toEqual(['A', 'C', 'D'])
    expect(texts(await pull(await t.login('inspector2')))).toEqual(['B', 'C'])
  })

  it('gives a coordinator the whole subdistrict and nothing to a role that may not read the entity', async () => {
    expect(texts(await pull(await t.login('coordinator')))).toEqual(['A', 'B', 'C', 'D', 'E'])
    const meals = await pull(await t.login('meals'))
    expect(meals.changes.filter((c) => c.entity === TEST_ENTITY)).toEqual([])
  })

  it('pages with a monotonic cursor and reports whether more wait', async () => {
    const coord = await t.login('coordinator')
    const p1 = await pull(coord, `?since=${start}&limit=2`)
    expect(p1.more).toBe(true)
    expect(texts(p1)).toEqual(['A', 'B'])
    const p2 = await pull(coord, `?since=${p1.cursor}&limit=2`)
    const p3 = await pull(coord, `?since=${p2.cursor}&limit=2`)
    expect([...texts(p2), ...texts(p3)]).toEqual(['C', 'D', 'E'])
    expect(p3.more).toBe(false)
    const seqs = [...p1.changes, ...p2.changes, ...p3.changes].map((c) => c.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    const idle = await pull(coord, `?since=${p3.cursor}`)
    expect(idle).toEqual({ changes: [], cursor: p3.cursor, more: false })
  })

  it('logs edits and deletes with their versions', async () => {
    const coord = await t.login('coordinator')
    let from = start
    for (let p = await pull(coord); ; p = await pull(coord, `?since=${from}`)) {
      from = p.cursor
      if (!p.more) break
    }
    const edit: Mutation = {
      id: uuidv7(),
      entity: TEST_ENTITY,
      entity_id: ids.A!,
      op: 'put',
      base_version: 1,
      data: { community_id: 'jiulongshan', text: 'A2' },
      client_time: '2026-12-02T01:00:00Z',
    }
    const del: Mutation = { id: uuidv7(), entity: TEST_ENTITY, entity_id: ids.E!, op: 'delete', base_version: 1, data: {}, client_time: '2026-12-02T01:00:00Z' }
    await t.req('/api/sync/push', { method: 'POST', cookie: coord, json: { device_id: 'desk', mutations: [edit, del] } })
    const p = await pull(coord, `?since=${from}`)
    expect(p.changes.map((c) => [c.entity_id, c.op, c.version])).toEqual([
      [ids.A, 'put', 2],
      [ids.E, 'delete', 2],
    ])
    expect(p.changes[1]!.record).toBeNull()
  })

  it('refuses a bad cursor and anonymous callers', async () => {
    const coord = await t.login('coordinator')
    expect((await t.req('/api/sync/pull?since=abc', { cookie: coord })).status).toBe(400)
    expect((await t.req('/api/sync/pull?limit=5000', { cookie: coord })).status).toBe(400)
    expect((await t.req('/api/sync/pull')).status).toBe(401)
  })

  it('answers with the logged records as they were logged, the same JSON as the parsed page', async () => {
    for (const who of ['coordinator', 'inspector']) {
      const cookie = await t.login(who)
      const res = await t.req(`/api/sync/pull?since=${start}`, { cookie })
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      const me = (await (await t.req('/api/auth/me', { cookie })).json()) as { id: string }
      const user = await userOf(me.id)
      expect(await res.text()).toBe(JSON.stringify(await pullChanges(t.deps.db, t.deps.entities, user, Number(start))))
    }
  })

  it('still projects and hides records for the handlers that do', async () => {
    const real = t.deps.entities.get(TEST_ENTITY)!
    const registry = entityRegistry([
      {
        ...real,
        visibleTo: (rec) => (rec as { text: string }).text !== 'C',
        project: (rec) => ({ ...(rec as object), text: `${(rec as { text: string }).text}!` }),
      } as EntityHandler<unknown>,
    ])
    const coord = await userOf((await t.deps.db.selectFrom('users').select('id').where('username', '=', 'coordinator').executeTakeFirstOrThrow()).id)
    const body = JSON.parse(await pullChangesJson(t.deps.db, registry, coord, Number(start))) as PullResponse
    expect(body.changes.map((c) => (c.record as { text: string } | null)?.text ?? null).slice(0, 4)).toEqual(['A!', 'B!', 'D!', 'E!'])
    expect(body).toEqual(await pullChanges(t.deps.db, registry, coord, Number(start)))
  })
})

async function userOf(id: string): Promise<SessionUser> {
  const u = await t.deps.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const communities = await t.deps.db.selectFrom('user_communities').select('community_id').where('user_id', '=', id).orderBy('community_id').execute()
  return {
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    role: u.role as SessionUser['role'],
    subdistrict_id: u.subdistrict_id,
    community_ids: communities.map((c) => c.community_id),
    session_id: 's',
    session_expires_at: '2099-01-01T00:00:00Z',
  }
}
