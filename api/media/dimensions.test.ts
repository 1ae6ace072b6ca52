// The pixel-count limit: dimensions come from each format's header, and an upload whose header
// announces more than 50 megapixels is refused with 413 before it is decoded or stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { imageDimensions, tooManyPixels } from './dimensions.ts'
import { jpegWithExif, pngWithText, webpWithExif } from '../test-support/media-fixtures.ts'
import { sha256Hex } from './service.ts'

/** A PNG whose IHDR claims width × height (a decompression bomb needs no more than this header). */
function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33)
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  new DataView(b.buffer).setUint32(16, width)
  new DataView(b.buffer).setUint32(20, height)
  b.set([8, 2, 0, 0, 0], 24)
  return b
}

/** A JPEG with an APP0 segment and then a baseline SOF0 of the given size. */
function jpegHeader(width: number, height: number): Uint8Array {
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0,
    4,
    0,
    0,
    0xff,
    0xc0,
    0,
    11,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    1,
    1,
    0x11,
    0,
    0xff,
    0xd9,
  ])
}

function webpX(width: number, height: number): Uint8Array {
  const b = new Uint8Array(30)
  b.set(
    [...'RIFF'].map((c) => c.charCodeAt(0)),
    0,
  )
  b.set(
    [...'WEBPVP8X'].map((c) => c.charCodeAt(0)),
    8,
  )
  const w = width - 1
  const h = height - 1
  b.set([w & 255, (w >> 8) & 255, (w >> 16) & 255, h & 255, (h >> 8) & 255, (h >> 16) & 255], 24)
  return b
}

describe('image dimensions from headers', () => {
  it('reads JPEG SOF, PNG IHDR and WebP VP8X', () => {
    expect(imageDimensions(jpegHeader(4000, 3000))).toEqual({ width: 4000, height: 3000 })
    expect(imageDimensions(pngHeader(12000, 9000))).toEqual({ width: 12000, height: 9000 })
    expect(imageDimensions(webpX(16383, 16383))).toEqual({ width: 16383, height: 16383 })
  })

  it('lets the fixtures of the other media tests through (a header without a frame size is not refused here)', () => {
    expect(imageDimensions(pngWithText())).toEqual({ width: 0, height: 0 })
    expect(imageDimensions(webpWithExif())).toEqual({ width: 1, height: 1 })
    for (const f of [jpegWithExif(), pngWithText(), webpWithExif()]) expect(tooManyPixels(f)).toBe(false)
  })

  it('draws the line at 50 megapixels', () => {
    expect(tooManyPixels(pngHeader(10000, 5000))).toBe(false)
    expect(tooManyPixels(pngHeader(10000, 5001))).toBe(true)
    expect(tooManyPixels(jpegHeader(65535, 65535))).toBe(true)
  })
})

describe('PUT /api/media with too many pixels', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  it('is refused with 413 problem+json and nothing is stored', async () => {
    const cookie = await t.login('inspector')
    const bomb = pngHeader(30000, 30000)
    const hash = sha256Hex(bomb)
    const res = await t.req(`/api/media/${hash}`, { method: 'PUT', cookie, body: bomb as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'image/png' } })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    expect(await t.deps.db.selectFrom('media_objects').select('hash').where('hash', '=', hash).execute()).toEqual([])
  })
})
