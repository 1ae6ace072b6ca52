// The engine's decisions against the real API in-process: conflicts kept and resolved, rejections
// fixed and resent, a 401 keeps everything pending, photos go up before the mutations using them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, ORIGIN, type TestApp } from '../../api/test-support/testing.ts'
import { allTestNotes, TEST_ENTITY } from '../../api/test-support/testing-entity.ts'
import { jpegWithExif } from '../../api/test-support/media-fixtures.ts'
import { sha256Hex } from '../../api/media/service.ts'
import { uuidv7 } from '#domain/ids.ts'
import { LastmileDB } from '../db/database.ts'
import { saveMedia, setOutboxUser, writeWithOutbox } from '../db/outbox.ts'
import { runSync } from './run-sync.ts'
import { resolveConflict } from './resolve-conflict.ts'
import { retryMutation } from './retry-mutation.ts'
import type { EngineDeps } from './types.ts'
import { MEDIA_BATCH_MAX_FILES } from '#domain/media.ts'
import { MEDIA_UPLOAD_CONCURRENCY } from './media-batches.ts'
import { readView } from '../db/synced-view.ts'
import type { ReportInput } from '#domain/patrol/report.ts'

let t: TestApp
const users: Record<string, { cookie: string; id: string }> = {}
beforeAll(async () => {
  t = await createTestApp({ testNotes: true })
  for (const u of ['inspector', 'coordinator']) {
    const cookie = await t.login(u)
    users[u] = { cookie, id: (await (await t.req('/api/auth/me', { cookie })).json()).id }
  }
})
afterAll(() => t.close())

let n = 0
function device(
  who: 'inspector' | 'coordinator',
  log: string[] = [],
  opts: {
    status?: (path: string) => number | undefined
    inFlight?: { now: number; most: number }
    /** Replaces the server's answer to a path (a body that does not match its schema). */
    answer?: (path: string) => unknown
  } = {},
) {
  const db = new LastmileDB(`engine-${n++}`)
  const deps: EngineDeps = {
    db,
    now: () => new Date(),
    userId: () => users[who]!.id,
    fetch: async (url, init) => {
      log.push(`${init.method} ${url.split('?')[0]}`)
      const forced = opts.status?.(url.split('?')[0]!)
      if (forced) return new Response('{}', { status: forced, headers: { 'content-type': 'application/problem+json' } })
      const replaced = opts.answer?.(url.split('?')[0]!)
      const headers = new Headers(init.headers)
      headers.set('cookie', users[who]!.cookie)
      headers.set('origin', ORIGIN)
      const counter = opts.inFlight
      if (counter) counter.most = Math.max(counter.most, ++counter.now)
      try {
        const res = await t.app.request(url, { ...init, headers })
        return replaced === undefined ? res : Response.json(replaced, { status: res.status })
      } finally {
        if (counter) counter.now--
      }
    },
  }
  const write = (entity_id: string, data: Record<string, unknown>, media: string[] = []) => {
    setOutboxUser(users[who]!.id)
    return writeWithOutbox([], (enqueue) => enqueue({ entity: TEST_ENTITY, entity_id, op: 'put', data, media }), db)
  }
  return { db, deps, write }
}
const note = (text: string) => ({ community_id: 'jiulongshan', text })
/** A distinct small JPEG: one byte of the fixture's scan data changed. */
const photo = (n: number) => {
  const b = jpegWithExif()
  b[b.length - 10] = n % 250
  b[b.length - 9] = Math.floor(n / 250)
  return b
}
const serverNote = async (id: string) => (await allTestNotes(t.deps.db, 'shuangjing')).find((r) => r.id === id)

describe('sync engine', () => {
  it("prunes a report's local copy once the push is applied: the synced view then shows the server's copy", async () => {
    const a = device('inspector')
    const id = uuidv7()
    const data: ReportInput = {
      position: { lat: 39.8935, lng: 116.4738, accuracy_m: 8, source: 'gps' },
      community_id: 'jiulongshan',
      address: '九龙山路口',
      kind: 'shared_bike',
      counts: { 'bike-a': 3 },
      blocked_share: null,
      clear_width_m: null,
      photos: [],
      note: '',
      observed_at: t.clock.now.toISOString(), // the server's clock bounds a sighting's time
    }
    setOutboxUser(users.inspector!.id)
    await writeWithOutbox(
      [a.db.patrol_reports],
      async (enqueue) => {
        await a.db.patrol_reports.put({ ...data, id, status: 'open', version: 0, reporter_id: users.inspector!.id, reporter_name: '', received_at: null })
        await enqueue({ entity: 'report', entity_id: id, op: 'put', data: { ...data } })
      },
      a.db,
    )
    expect((await readView({ entity: 'report' }, a.db)).map((v) => [v.id, v.sync.state, v.local])).toEqual([[id, 'pending', true]])
    expect(await runSync(a.deps)).toBe('ok')
    expect(await a.db.outbox.count()).toBe(0)
    expect(await a.db.patrol_reports.count()).toBe(0)
    const shown = (await readView<{ received_at: string | null; reporter_name: string }>({ entity: 'report' }, a.db)).find((v) => v.id === id)
    expect(shown).toMatchObject({ id, version: 1, local: false, sync: { state: 'synced' } })
    expect(shown!.record.received_at).toEqual(expect.any(String))
    expect(shown!.record.reporter_name).toBe('王巡查')
  })

  it('keeps a conflicting edit with the server record, and "keep mine" resends it on the new version', async () => {
    const a = device('inspector')
    const b = device('coordinator')
    const id = uuidv7()
    await a.write(id, note('初稿'))
    expect(await runSync(a.deps)).toBe('ok')
    expect(await runSync(b.deps)).toBe('ok')
    expect((await b.db.records.get([TEST_ENTITY, id]))?.version).toBe(1)
    await b.write(id, note('协调员修改'))
    expect(await runSync(b.deps)).toBe('ok')
    await a.write(id, note('巡查员修改'))
    expect(await runSync(a.deps)).toBe('ok')
    const [row] = await a.db.outbox.toArray()
    expect(row).toMatchObject({ state: 'conflict', data: note('巡查员修改'), server_version: 2, server_record: { text: '协调员修改' } })
    expect((await serverNote(id))?.record.text).toBe('协调员修改')
    await resolveConflict(a.db, row!.id, { keep: 'mine' })
    expect(await runSync(a.deps)).toBe('ok')
    expect(await a.db.outbox.count()).toBe(0)
    expect(await serverNote(id)).toMatchObject({ version: 3, record: { text: '巡查员修改' } })
    expect((await a.db.records.get([TEST_ENTITY, id]))?.version).toBe(3)
  })

  it('"take theirs" drops my version for the server\'s', async () => {
    const a = device('inspector')
    const b = device('coordinator')
    const id = uuidv7()
    await a.write(id, note('v1'))
    await runSync(a.deps)
    await runSync(b.deps)
    await b.write(id, note('theirs'))
    await runSync(b.deps)
    await a.write(id, note('mine'))
    await runSync(a.deps)
    const [row] = await a.db.outbox.toArray()
    await resolveConflict(a.db, row!.id, { keep: 'theirs' })
    expect(await a.db.outbox.count()).toBe(0)
    expect((await a.db.records.get([TEST_ENTITY, id]))?.record).toMatchObject({ text: 'theirs' })
  })

  it('keeps a rejected mutation with its reason; the fixed version is resent and applied', async () => {
    const a = device('inspector')
    const id = uuidv7()
    await a.write(id, note('closed'))
    expect(await runSync(a.deps)).toBe('ok')
    const [row] = await a.db.outbox.toArray()
    expect(row).toMatchObject({ state: 'rejected', reason: '已截止', data: note('closed') })
    expect(await serverNote(id)).toBeUndefined()
    await retryMutation(a.db, row!.id, note('改好了'))
    expect(await runSync(a.deps)).toBe('ok')
    expect(await a.db.outbox.count()).toBe(0)
    expect((await serverNote(id))?.record.text).toBe('改好了')
  })

  it('an answer that does not match its schema ends the run in error and keeps the change for the next one', async () => {
    let wrong: unknown = { results: [{ id: 'not-an-id', status: 'stored' }], server_time: 0 }
    const a = device('inspector', [], { answer: (path) => (path === '/api/sync/push' ? wrong : undefined) })
    const id = uuidv7()
    await a.write(id, note('答复格式不对'))
    expect(await runSync(a.deps)).toBe('error')
    expect((await a.db.outbox.toArray()).map((r) => r.state)).toEqual(['pending'])
    wrong = undefined
    const b = device('inspector', [], { answer: (path) => (path === '/api/sync/pull' ? { changes: [{ seq: 'x' }], cursor: 1, more: false } : undefined) })
    expect(await runSync(b.deps)).toBe('error')
    expect(await runSync(a.deps)).toBe('ok')
    expect(await a.db.outbox.count()).toBe(0)
    expect((await serverNote(id))?.record.text).toBe('答复格式不对')
  })

  it('a 401 while syncing keeps everything pending; it goes up after the next sign-in', async () => {
    let expired = true
    const a = device('inspector', [], { status: () => (expired ? 401 : undefined) })
    const id = uuidv7()
    await a.write(id, note('离线时记录'))
    expect(await runSync(a.deps)).toBe('signed_out')
    expect((await a.db.outbox.toArray()).map((r) => r.state)).toEqual(['pending'])
    expired = false
    expect(await runSync(a.deps)).toBe('ok')
    expect(await a.db.outbox.count()).toBe(0)
    expect((await serverNote(id))?.record.text).toBe('离线时记录')
  })

  it('uploads a photo before the mutation that references it, once', async () => {
    const log: string[] = []
    const a = device('inspector', log)
    const jpeg = jpegWithExif()
    const hash = sha256Hex(jpeg)
    await saveMedia(hash, new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), a.db)
    await a.write(uuidv7(), note('带照片'), [hash])
    expect(await runSync(a.deps)).toBe('ok')
    expect(log.slice(0, 2)).toEqual([`PUT /api/media/${hash}`, 'POST /api/sync/push'])
    expect((await a.db.media.get(hash))?.uploaded).toBe(1)
    await runSync(a.deps)
    expect(log.filter((l) => l.startsWith('PUT')).length).toBe(1)
  })

  it('sends many photos in batches, a few requests at a time, all before the push; a refused one rejects only its own mutation', async () => {
    const log: string[] = []
    const inFlight = { now: 0, most: 0 }
    const a = device('inspector', log, { inFlight })
    const photos = Array.from({ length: 3 * MEDIA_BATCH_MAX_FILES + 2 }, (_, i) => photo(i))
    const bad = new TextEncoder().encode('a text file named like a photo')
    for (const p of [...photos, bad]) await saveMedia(sha256Hex(p), new Blob([p as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), a.db)
    const ids = photos.map(() => uuidv7())
    for (const [i, p] of photos.entries()) await a.write(ids[i]!, note(`照片 ${i}`), [sha256Hex(p)])
    const badId = uuidv7()
    await a.write(badId, note('坏照片'), [sha256Hex(bad)])
    expect(await runSync(a.deps)).toBe('ok')
    const uploads = log.filter((l) => l.includes('/api/media'))
    expect(uploads).toEqual(Array.from({ length: 4 }, () => 'POST /api/media/batch'))
    expect(log.indexOf('POST /api/sync/push')).toBe(uploads.length)
    expect(inFlight.most).toBeGreaterThan(1)
    expect(inFlight.most).toBeLessThanOrEqual(MEDIA_UPLOAD_CONCURRENCY)
    expect(await a.db.media.where('uploaded').equals(1).count()).toBe(photos.length)
    expect((await a.db.media.get(sha256Hex(bad)))?.refused).toBe('只接受 JPEG、PNG 或 WebP 图片')
    expect(await a.db.outbox.toArray()).toEqual([
      expect.objectContaining({ entity_id: badId, state: 'rejected', errors: [expect.objectContaining({ path: 'media', code: 'media_not_image' })] }),
    ])
    for (const id of [ids[0]!, ids.at(-1)!]) expect((await serverNote(id))?.record.text).toMatch(/^照片/)
  })

  it('falls back to one PUT per photo when the server has no batch route', async () => {
    const log: string[] = []
    const a = device('inspector', log, { status: (path) => (path === '/api/media/batch' ? 404 : undefined) })
    const photos = [photo(900), photo(901), photo(902)]
    for (const p of photos) await saveMedia(sha256Hex(p), new Blob([p as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), a.db)
    const id = uuidv7()
    await a.write(id, note('三张照片'), photos.map(sha256Hex))
    expect(await runSync(a.deps)).toBe('ok')
    expect(log[0]).toBe('POST /api/media/batch')
    expect(log.slice(1, 4).sort()).toEqual(photos.map((p) => `PUT /api/media/${sha256Hex(p)}`).sort())
    expect(log[4]).toBe('POST /api/sync/push')
    expect(await a.db.media.where('uploaded').equals(1).count()).toBe(3)
    expect((await serverNote(id))?.record.text).toBe('三张照片')
  })

  it('a refused photo marks the mutation rejected and keeps the data', async () => {
    const a = device('inspector')
    const bytes = new TextEncoder().encode('not a picture at all')
    const hash = sha256Hex(bytes)
    await saveMedia(hash, new Blob([bytes], { type: 'image/jpeg' }), a.db)
    await a.write(uuidv7(), note('坏照片'), [hash])
    expect(await runSync(a.deps)).toBe('ok')
    const [row] = await a.db.outbox.toArray()
    expect(row).toMatchObject({ state: 'rejected', data: note('坏照片'), errors: [expect.objectContaining({ path: 'media' })] })
    // A later edit using the same refused photo is returned too, never held forever.
    await a.write(uuidv7(), note('又用坏照片'), [hash])
    expect(await runSync(a.deps)).toBe('ok')
    expect((await a.db.outbox.toArray()).map((r) => r.state)).toEqual(['rejected', 'rejected'])
  })
})
