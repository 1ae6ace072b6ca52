// Small things an outside probe found: an unknown subdistrict on the public meals page is a 404, and
// temporary files left by a killed upload are removed at start (fresh ones of a running write stay).
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { removeStaleTempFiles } from '../media/store.ts'

let t: TestApp
afterEach(() => t?.close())

describe('public meals page', () => {
  it('answers 404 for an unknown subdistrict, 200 for the real one', async () => {
    t = await createTestApp()
    const res = await t.req('/api/meals/public?subdistrict=nope')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    const sd = (await t.deps.db.selectFrom('subdistricts').select('id').executeTakeFirstOrThrow()).id
    expect((await t.req(`/api/meals/public?subdistrict=${sd}`)).status).toBe(200)
  })
})

describe('media temporary files', () => {
  it('removes stale .tmp files of killed uploads, keeps fresh ones and the photos', async () => {
    t = await createTestApp()
    const root = join(t.dir, 'media')
    const hash = 'ab'.repeat(32)
    mkdirSync(join(root, 'ab'), { recursive: true })
    writeFileSync(join(root, 'ab', hash), 'photo')
    const stale = join(root, 'ab', `${hash}.4242.1.tmp`)
    const fresh = join(root, 'ab', `${hash}.4243.1.tmp`)
    writeFileSync(stale, 'half a photo')
    writeFileSync(fresh, 'being written')
    const hourAgo = new Date(Date.now() - 3600_000)
    utimesSync(stale, hourAgo, hourAgo)
    expect(await removeStaleTempFiles(root)).toBe(1)
    expect(readdirSync(join(root, 'ab')).sort()).toEqual([hash, `${hash}.4243.1.tmp`].sort())
    expect(await removeStaleTempFiles(join(t.dir, 'no-such-folder'))).toBe(0)
  })
})
