// A photo whose row exists but whose file is gone (lost disk, partial restore) is not "already stored":
// uploading it again, alone or in a batch, stores the file again. /api/health and the backup report
// missing files so the operator knows.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { sha256Hex } from './service.ts'
import { jpegWithExif } from '../test-support/media-fixtures.ts'
import { backup } from '../cli/backup.ts'

let t: TestApp
afterEach(() => t?.close())

function photo(n: number): Uint8Array {
  const b = jpegWithExif()
  b[b.length - 10] = n
  return b
}

const put = (bytes: Uint8Array, cookie: string) =>
  t.req(`/api/media/${sha256Hex(bytes)}`, { method: 'PUT', cookie, body: bytes as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'image/jpeg' } })

function batch(files: Uint8Array[], cookie: string) {
  const form = new FormData()
  for (const f of files) form.append(sha256Hex(f), new Blob([f as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'p.jpg')
  return t.req('/api/media/batch', { method: 'POST', cookie, body: form })
}

async function storedHashOf(bytes: Uint8Array) {
  const row = await t.deps.db.selectFrom('media_objects').select('stored_hash').where('hash', '=', sha256Hex(bytes)).executeTakeFirstOrThrow()
  return row.stored_hash
}

const loseFile = (stored: string) => rmSync(join(t.dir, 'media', stored.slice(0, 2), stored))

describe('a lost photo file', () => {
  it('is stored again by a single PUT of the same photo', async () => {
    t = await createTestApp()
    const cookie = await t.login('inspector')
    const p = photo(1)
    expect((await put(p, cookie)).status).toBe(201)
    const stored = await storedHashOf(p)
    loseFile(stored)
    expect(await t.deps.media.has(stored)).toBe(false)
    expect((await t.req(`/api/media/${sha256Hex(p)}`, { cookie })).status).toBe(404)
    expect((await put(p, cookie)).status).toBe(201)
    expect(await t.deps.media.has(stored)).toBe(true)
    expect((await t.req(`/api/media/${sha256Hex(p)}`, { cookie })).status).toBe(200)
    // Present again: the next upload is "already stored".
    expect((await put(p, cookie)).status).toBe(200)
  })

  it('is stored again by a batch, beside photos that are still there', async () => {
    t = await createTestApp()
    const cookie = await t.login('inspector')
    const [a, b] = [photo(2), photo(3)]
    expect((await batch([a, b], cookie)).status).toBe(200)
    const lost = await storedHashOf(a)
    loseFile(lost)
    const res = await batch([a, b], cookie)
    const { results } = (await res.json()) as { results: { sha256: string; status: number }[] }
    expect(results.map((r) => r.status)).toEqual([201, 200])
    expect(await t.deps.media.has(lost)).toBe(true)
  })

  it('shows in /api/health and in the backup', async () => {
    t = await createTestApp()
    const cookie = await t.login('inspector')
    const p = photo(4)
    await put(p, cookie)
    const stored = await storedHashOf(p)
    loseFile(stored)
    const res = await t.req('/api/health')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { status: string; media: { checked: number; missing: number; missing_sample: string[] } }
    expect(body.status).toBe('degraded')
    expect(body.media).toMatchObject({ missing: 1, missing_sample: [stored] })
    if (t.deps.dialect === 'sqlite') {
      const r = await backup(t.deps.env, { out: join(t.dir, 'backup') })
      expect(r.mediaMissing).toEqual([stored])
    }
  })
})
