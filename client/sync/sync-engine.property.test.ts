// Property: random local writes, offline spells, requests lost before the server and responses
// lost after it committed; after quiescence the server and the device hold the same records, none
// duplicated, none lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createTestApp, ORIGIN, type TestApp } from '../../api/test-support/testing.ts'
import { allTestNotes, TEST_ENTITY } from '../../api/test-support/testing-entity.ts'
import { uuidv7 } from '#domain/ids.ts'
import { LastmileDB } from '../db/database.ts'
import { saveMedia, setOutboxUser, writeWithOutbox } from '../db/outbox.ts'
import { jpegWithExif } from '../../api/test-support/media-fixtures.ts'
import { missingMedia, sha256Hex } from '../../api/media/service.ts'
import { runSync } from './run-sync.ts'
import type { EngineDeps, FetchLike } from './types.ts'

let t: TestApp
let cookie: string
let userId: string
beforeAll(async () => {
  t = await createTestApp({ testNotes: true })
  cookie = await t.login('inspector')
  userId = (await (await t.req('/api/auth/me', { cookie })).json()).id
  setOutboxUser(userId)
})
afterAll(() => t.close())

/** Deterministic PRNG so a failing case replays exactly from fast-check's seed. */
const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296
}

interface Faults {
  online: boolean
  active: boolean
  lostRequests: number
  lostResponses: number
}

/** The network between device and server: offline, lost before the server, or lost after it committed. */
function faultyFetch(rand: () => number, f: Faults): FetchLike {
  return async (url, init) => {
    if (!f.online) throw new TypeError('Failed to fetch (offline)')
    if (f.active && rand() < 0.25) {
      f.lostRequests++
      throw new TypeError('Failed to fetch (request lost)')
    }
    const headers = new Headers(init.headers)
    headers.set('cookie', cookie)
    headers.set('origin', ORIGIN)
    const res = await t.app.request(url, { ...init, headers })
    if (f.active && rand() < 0.25) {
      f.lostResponses++
      throw new TypeError('Failed to fetch (response lost)')
    }
    return res
  }
}

type Cmd =
  | { kind: 'create'; text: string; community: 'jiulongshan' | 'jiulongnan'; photo: boolean }
  | { kind: 'update'; pick: number; text: string }
  | { kind: 'delete'; pick: number }
  | { kind: 'online'; on: boolean }
  | { kind: 'sync' }

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      text: fc.string({ minLength: 1, maxLength: 12 }),
      community: fc.constantFrom('jiulongshan' as const, 'jiulongnan' as const),
      photo: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), text: fc.string({ minLength: 1, maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('online' as const), on: fc.boolean() }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'sync' as const }) },
)

let run = 0
const totals = { lostRequests: 0, lostResponses: 0, writes: 0 }

describe('sync engine under faults (property)', () => {
  it('converges: server and device hold the same records, none duplicated, none lost', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 8, maxLength: 40, size: 'medium' }), fc.integer(), async (cmds, seed) => {
        const db = new LastmileDB(`prop-${run++}`)
        const faults: Faults = { online: true, active: true, lostRequests: 0, lostResponses: 0 }
        let clock = Date.parse('2026-12-02T02:00:00Z')
        const deps: EngineDeps = { db, fetch: faultyFetch(mulberry32(seed), faults), now: () => new Date((clock += 1000)), userId: () => userId, batchSize: 7 }
        /** What the user last wrote for each record made in this run (null = deleted). */
        const model = new Map<string, { text: string; community: string | null } | null>()
        const live = () => [...model].filter(([, v]) => v !== null).map(([k]) => k)
        const photos: string[] = []
        const write = (entity_id: string, op: 'put' | 'delete', data: Record<string, unknown>, media: string[] = []) =>
          writeWithOutbox([], (enqueue) => enqueue({ entity: TEST_ENTITY, entity_id, op, data, media }), db, deps.now)

        for (const c of cmds) {
          if (c.kind === 'create') {
            const id = uuidv7()
            const media: string[] = []
            if (c.photo) {
              // A distinct photo per record: the comment segment carries the record id.
              const bytes = new Uint8Array([...jpegWithExif().slice(0, -2), ...new TextEncoder().encode(id), 0xff, 0xd9])
              const hash = sha256Hex(bytes)
              await saveMedia(hash, new Blob([bytes], { type: 'image/jpeg' }), db)
              media.push(hash)
              photos.push(hash)
            }
            await write(id, 'put', { community_id: c.community, text: c.text }, media)
            model.set(id, { text: c.text, community: c.community })
          } else if (c.kind === 'update' || c.kind === 'delete') {
            const ids = live()
            if (!ids.length) continue
            const id = ids[c.pick % ids.length]!
            const before = model.get(id)!
            if (c.kind === 'delete') {
              await write(id, 'delete', {})
              model.set(id, null)
            } else {
              await write(id, 'put', { community_id: before.community, text: c.text })
              model.set(id, { ...before, text: c.text })
            }
          } else if (c.kind === 'online') faults.online = c.on
          else await runSync(deps)
          totals.writes += c.kind === 'create' || c.kind === 'update' || c.kind === 'delete' ? 1 : 0
        }

        // Quiescence: the network heals and the engine runs until nothing is left to send.
        Object.assign(faults, { online: true, active: false })
        for (let i = 0; i < 5 && (await db.outbox.count()) > 0; i++) expect(await runSync(deps)).toBe('ok')
        expect(await runSync(deps)).toBe('ok')
        expect(await db.outbox.toArray()).toEqual([])
        // Every photo went up before the record that references it, and is on the server.
        expect(await missingMedia(t.deps.db, 'shuangjing', photos)).toEqual([])
        expect(await db.media.where('uploaded').equals(0).count()).toBe(0)

        const server = await allTestNotes(t.deps.db, 'shuangjing')
        const serverById = new Map(server.map((n) => [n.id, n]))
        // None lost, none resurrected: each record of this run is on the server exactly as last written.
        for (const [id, want] of model) {
          if (want === null) expect(serverById.has(id)).toBe(false)
          else expect(serverById.get(id)?.record).toMatchObject({ text: want.text, community_id: want.community })
        }
        // None duplicated: one version per applied change, each logged once.
        for (const id of model.keys()) {
          const log = await t.deps.db.selectFrom('change_log').select('version').where('entity_id', '=', id).orderBy('seq').execute()
          expect(log.map((r) => Number(r.version))).toEqual(log.map((_, i) => i + 1))
          if (serverById.has(id)) expect(serverById.get(id)!.version).toBe(log.length)
        }
        // The device holds what the server holds (all notes this inspector may see).
        const device = (await db.records.where('entity').equals(TEST_ENTITY).toArray()).map((r) => ({ id: r.entity_id, version: r.version, record: r.record }))
        expect(device.sort((a, b) => a.id.localeCompare(b.id))).toEqual(server)
        totals.lostRequests += faults.lostRequests
        totals.lostResponses += faults.lostResponses
        db.close()
        await db.delete()
      }),
      { seed: 20261202, numRuns: 60 },
    )
    // The faults really happened (otherwise the property proves little).
    expect(totals.lostResponses).toBeGreaterThan(20)
    expect(totals.lostRequests).toBeGreaterThan(20)
    console.info('sync property:', totals)
  }, 180_000)
})
