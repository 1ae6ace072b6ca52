import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { sha256Hex } from './service.ts'
import { stripMetadata } from './strip.ts'
import { contains, EXIF_PAYLOAD, jpegWithExif, pngWithText, webpWithExif } from '../test-support/media-fixtures.ts'

let t: TestApp
let insp: string
beforeAll(async () => {
  t = await createTestApp()
  insp = await t.login('inspector')
})
afterAll(() => t.close())

const put = (bytes: Uint8Array, hash = sha256Hex(bytes), type = 'image/jpeg', cookie: string | undefined = insp) =>
  t.req(`/api/media/${hash}`, { method: 'PUT', cookie, body: bytes as Uint8Array<ArrayBuffer>, headers: { 'content-type': type } })

describe('metadata strippers', () => {
  it('drop JPEG APP1..APP15 and COM but keep JFIF and the scan', () => {
    const out = stripMetadata(jpegWithExif())!
    expect(out.type).toBe('image/jpeg')
    expect(contains(out.bytes, 'GPSLatitude')).toBe(false)
    expect(contains(out.bytes, 'camera comment')).toBe(false)
    expect(contains(out.bytes, 'JFIF')).toBe(true)
    expect(Array.from(out.bytes.slice(-10))).toEqual([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0xff, 0xd9])
  })

  it('drop PNG text/eXIf chunks and WebP EXIF/XMP (clearing the VP8X flags)', () => {
    const png = stripMetadata(pngWithText())!.bytes
    expect(contains(png, 'secret person')).toBe(false)
    expect(contains(png, 'IDAT')).toBe(true)
    const webp = stripMetadata(webpWithExif())!.bytes
    expect(contains(webp, 'GPS here')).toBe(false)
    expect(contains(webp, '<x/>')).toBe(false)
    expect(webp[20]! & 0x0c).toBe(0)
    expect(new DataView(webp.buffer).getUint32(4, true)).toBe(webp.length - 8)
  })
})

describe('PUT/GET /api/media/:sha256', () => {
  it('stores a JPEG without its EXIF segment, under the uploaded hash, idempotently', async () => {
    const jpeg = jpegWithExif()
    const hash = sha256Hex(jpeg)
    expect((await put(jpeg)).status).toBe(201)
    const got = await t.req(`/api/media/${hash}`, { cookie: insp })
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/jpeg')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    const stored = new Uint8Array(await got.arrayBuffer())
    expect(contains(stored, EXIF_PAYLOAD.slice(6))).toBe(false)
    expect(stored[0]).toBe(0xff)
    const row = await t.deps.db.selectFrom('media_objects').selectAll().where('hash', '=', hash).executeTakeFirstOrThrow()
    expect(row.stored_hash).toBe(sha256Hex(stored))
    expect(await t.deps.media.has(row.stored_hash)).toBe(true)
    // Second upload: 200, nothing rewritten.
    expect((await put(jpeg)).status).toBe(200)
    expect(await t.deps.db.selectFrom('media_objects').selectAll().where('hash', '=', hash).execute()).toHaveLength(1)
  })

  it('refuses a wrong hash, a non-image, a lying content type, a damaged image and an oversized body', async () => {
    const jpeg = jpegWithExif()
    expect((await put(jpeg, 'a'.repeat(64))).status).toBe(400)
    const text = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')
    expect((await put(text, sha256Hex(text), 'image/jpeg')).status).toBe(415)
    expect((await put(text, sha256Hex(text), 'image/svg+xml')).status).toBe(415)
    const damaged = jpeg.slice(0, 30)
    expect((await put(damaged)).status).toBe(415)
    const big = new Uint8Array(8 * 1024 * 1024 + 1)
    big.set(jpeg)
    const res = await put(big)
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    expect(await t.deps.db.selectFrom('media_objects').selectAll().execute()).toHaveLength(1)
  })

  it('accepts PNG and WebP, serves with their type, and needs a session', async () => {
    const png = pngWithText()
    expect((await put(png, sha256Hex(png), 'image/png')).status).toBe(201)
    const webp = webpWithExif()
    expect((await put(webp, sha256Hex(webp), 'image/webp')).status).toBe(201)
    const got = await t.req(`/api/media/${sha256Hex(webp)}`, { cookie: await t.login('coordinator') })
    expect(got.headers.get('content-type')).toBe('image/webp')
    expect((await t.req(`/api/media/${sha256Hex(webp)}`)).status).toBe(401)
    expect((await put(png, sha256Hex(png), 'image/png', '')).status).toBe(401)
    expect((await t.req(`/api/media/${'0'.repeat(64)}`, { cookie: insp })).status).toBe(404)
    expect((await t.req('/api/media/not-a-hash', { cookie: insp })).status).toBe(400)
  })

  it('stores a photo that has no metadata as it came, under its own hash', async () => {
    const clean = stripMetadata(jpegWithExif())!.bytes.slice()
    clean[clean.length - 10] = 0x21 // not the bytes the first test stored
    expect(stripMetadata(clean)!.bytes).toEqual(clean)
    const hash = sha256Hex(clean)
    expect((await put(clean)).status).toBe(201)
    const row = await t.deps.db.selectFrom('media_objects').selectAll().where('hash', '=', hash).executeTakeFirstOrThrow()
    expect(row.stored_hash).toBe(hash)
    expect(await t.deps.media.get(hash)).toEqual(clean)
  })
})
