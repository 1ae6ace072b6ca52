// POST /api/media/batch: several photos in one multipart request, each checked and stored exactly like a
// single PUT (hash, declared type, magic bytes, pixel limit, metadata strip, stored by hash), with one
// result per file; a refused file stores nothing and does not hold back the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { MEDIA_BATCH_MAX_FILES } from '#domain/sync.ts'
import { sha256Hex } from './service.ts'
import { contains, EXIF_PAYLOAD, jpegWithExif, pngWithText, webpWithExif } from '../test-support/media-fixtures.ts'

let t: TestApp
let insp: string
beforeAll(async () => {
  t = await createTestApp()
  insp = await t.login('inspector')
})
afterAll(() => t.close())

/** A distinct, still well-formed JPEG: one byte of the scan data changed. */
function jpeg(n: number): Uint8Array {
  const b = jpegWithExif()
  b[b.length - 10] = n
  return b
}

/** A PNG whose header claims 30 000 × 30 000 pixels. */
function pngBomb(): Uint8Array {
  const b = new Uint8Array(33)
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  new DataView(b.buffer).setUint32(16, 30000)
  new DataView(b.buffer).setUint32(20, 30000)
  return b
}

interface Part {
  bytes: Uint8Array
  name?: string
  type?: string
}

function post(parts: Part[], cookie: string | undefined = insp) {
  const form = new FormData()
  for (const p of parts) form.append(p.name ?? sha256Hex(p.bytes), new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type ?? 'image/jpeg' }), 'photo')
  return t.req('/api/media/batch', { method: 'POST', cookie, body: form })
}

const rows = async () => (await t.deps.db.selectFrom('media_objects').select(['hash', 'stored_hash', 'content_type']).execute()).length

describe('POST /api/media/batch', () => {
  it('stores each photo without its metadata under its hash, and answers 200 per photo on a repeat', async () => {
    const png = pngWithText()
    const webp = webpWithExif()
    const parts = [{ bytes: jpeg(1) }, { bytes: png, type: 'image/png' }, { bytes: webp, type: 'image/webp' }]
    const before = await rows()
    const res = await post(parts)
    expect(res.status).toBe(200)
    expect((await res.json()).results).toEqual(parts.map((p) => ({ sha256: sha256Hex(p.bytes), status: 201 })))
    expect(await rows()).toBe(before + 3)
    const got = await t.req(`/api/media/${sha256Hex(jpeg(1))}`, { cookie: insp })
    expect(got.headers.get('content-type')).toBe('image/jpeg')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    const stored = new Uint8Array(await got.arrayBuffer())
    expect(contains(stored, EXIF_PAYLOAD.slice(6))).toBe(false)
    const row = await t.deps.db
      .selectFrom('media_objects')
      .select('stored_hash')
      .where('hash', '=', sha256Hex(jpeg(1)))
      .executeTakeFirstOrThrow()
    expect(row.stored_hash).toBe(sha256Hex(stored))
    expect((await t.req(`/api/media/${sha256Hex(webp)}`, { cookie: insp })).headers.get('content-type')).toBe('image/webp')

    const again = await post(parts)
    expect((await again.json()).results.map((r: { status: number }) => r.status)).toEqual([200, 200, 200])
    expect(await rows()).toBe(before + 3)
    // A photo sent by single PUT earlier is "already there" in a batch too, and the other way round.
    expect(
      (
        await t.req(`/api/media/${sha256Hex(jpeg(1))}`, {
          method: 'PUT',
          cookie: insp,
          body: jpeg(1) as Uint8Array<ArrayBuffer>,
          headers: { 'content-type': 'image/jpeg' },
        })
      ).status,
    ).toBe(200)
  })

  it('refuses each bad file on its own (wrong hash, not an image, lying type, damaged, too many pixels) and stores only the good one', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')
    const damaged = jpeg(2).slice(0, 30)
    const bomb = pngBomb()
    const parts: Part[] = [
      { bytes: jpeg(3) },
      { bytes: jpeg(4), name: sha256Hex(jpeg(5)) },
      { bytes: svg },
      { bytes: svg, type: 'image/svg+xml' },
      { bytes: damaged },
      { bytes: bomb, type: 'image/png' },
      { bytes: jpeg(6), type: 'text/plain' },
    ]
    const before = await rows()
    const res = await post(parts)
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as { results: { sha256: string; status: number; code?: string; detail?: string }[] }
    expect(results.map((r) => r.status)).toEqual([201, 400, 415, 415, 415, 413, 415])
    expect(results.map((r) => r.code)).toEqual([
      undefined,
      'media_hash_mismatch',
      'media_not_image',
      'media_not_image',
      'media_not_image',
      'media_too_large',
      'media_not_image',
    ])
    expect(results[1]!.detail).toBe('图片内容与其校验值不符')
    expect(await rows()).toBe(before + 1)
    for (const h of [sha256Hex(jpeg(5)), sha256Hex(svg), sha256Hex(damaged), sha256Hex(bomb), sha256Hex(jpeg(6))]) {
      expect((await t.req(`/api/media/${h}`, { cookie: insp })).status).toBe(404)
    }
  })

  it('answers a malformed multipart body with 400 problem+json, never 5xx, and stores nothing', async () => {
    const before = await rows()
    const hash = sha256Hex(jpeg(40))
    const bodies: [string, string][] = [
      ['multipart/form-data', 'no boundary at all'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="${hash}"; filename="p"\r\nContent-Type: image/jpeg\r\n`],
      ['multipart/form-data; boundary=x', '\u0000\u0001garbage--x--'],
      ['multipart/form-data; boundary=x', '--x--\r\n'],
    ]
    for (const [type, body] of bodies) {
      const res = await t.req('/api/media/batch', { method: 'POST', cookie: insp, body, headers: { 'content-type': type } })
      expect(res.status, `${type} ${JSON.stringify(body)}`).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    }
    expect(await rows()).toBe(before)
  })

  it('the same photo twice in one request is stored once', async () => {
    const res = await post([{ bytes: jpeg(7) }, { bytes: jpeg(7) }])
    expect((await res.json()).results.map((r: { status: number }) => r.status)).toEqual([201, 200])
    expect(
      await t.deps.db
        .selectFrom('media_objects')
        .select('hash')
        .where('hash', '=', sha256Hex(jpeg(7)))
        .execute(),
    ).toHaveLength(1)
  })

  it('refuses the whole request without a session, with a bad field name, too many or no files, a text field, JSON, or more than 8 MB, storing nothing', async () => {
    const before = await rows()
    const expectProblem = async (res: Response, status: number) => {
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    }
    await expectProblem(await post([{ bytes: jpeg(8) }], ''), 401)
    await expectProblem(await post([{ bytes: jpeg(8), name: 'photo.jpg' }]), 400)
    const tooMany = await post(Array.from({ length: MEDIA_BATCH_MAX_FILES + 1 }, (_, i) => ({ bytes: jpeg(20 + i) })))
    expect((await tooMany.clone().json()).errors[0].message).toBe(`每次须上传 1–${MEDIA_BATCH_MAX_FILES} 张图片`)
    await expectProblem(tooMany, 400)
    await expectProblem(await post([]), 400)
    const text = new FormData()
    text.append(sha256Hex(jpeg(8)), 'not a file')
    await expectProblem(await t.req('/api/media/batch', { method: 'POST', cookie: insp, body: text }), 400)
    await expectProblem(await t.req('/api/media/batch', { method: 'POST', cookie: insp, json: { [sha256Hex(jpeg(8))]: 'x' } }), 415)
    const big = new Uint8Array(5 * 1024 * 1024)
    big.set(jpeg(9))
    const bigToo = big.slice()
    bigToo[big.length - 1] = 1
    await expectProblem(await post([{ bytes: big }, { bytes: bigToo }]), 413)
    expect(await rows()).toBe(before)
  })
})
