// The strippers rebuild files from what a decoder needs, so location data survives nowhere: not between
// progressive scans, not in a second image appended after the end, not in PNG or WebP chunks the old
// drop-lists did not name. Files are hand-built with recognisable payloads.
import { describe, expect, it } from 'vitest'
import { concatBytes } from './sniff.ts'
import { stripMetadata } from './strip.ts'
import { contains } from '../test-support/media-fixtures.ts'

const enc = (s: string) => new TextEncoder().encode(s)
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]
const seg = (marker: number, payload: Uint8Array) => new Uint8Array([0xff, marker, ...u16(payload.length + 2), ...payload])
const bytes = (...n: number[]) => new Uint8Array(n)

const SCAN1 = bytes(0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78)
const SCAN2 = bytes(0x9a, 0xff, 0x00, 0xbc, 0xff, 0xd1, 0xde)
const JFIF = enc('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')
const SOF2 = seg(0xc2, bytes(8, 0, 16, 0, 16, 1, 1, 0x11, 0))
const DHT = seg(0xc4, new Uint8Array(20).fill(2))
const DQT = seg(0xdb, new Uint8Array(65).fill(1))
const SOS = seg(0xda, bytes(1, 1, 0, 0, 0x3f, 0))

const gpsExif = (label: string) => seg(0xe1, enc(`Exif\0\0${label}GPSLatitude=39.892109`))

/** A progressive JPEG with EXIF before the frame, EXIF and a comment between its scans, and a second JPEG after EOI. */
function progressiveWithHiddenGps(): Uint8Array {
  const appended = concatBytes([bytes(0xff, 0xd8), gpsExif('appended'), DQT, SOF2, SOS, SCAN1, bytes(0xff, 0xd9)])
  return concatBytes([
    bytes(0xff, 0xd8),
    seg(0xe0, JFIF),
    gpsExif('first'),
    DQT,
    SOF2,
    DHT,
    SOS,
    SCAN1,
    gpsExif('between'),
    seg(0xfe, enc('between-scans comment')),
    DHT,
    SOS,
    SCAN2,
    bytes(0xff, 0xd9),
    appended,
  ])
}

const pngChunk = (type: string, data: Uint8Array) => concatBytes([new Uint8Array(u32be(data.length)), enc(type), data, new Uint8Array(4)])
const PNG_SIG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)

function pngWithGpsEverywhere(): Uint8Array {
  return concatBytes([
    PNG_SIG,
    pngChunk('IHDR', new Uint8Array(13)),
    pngChunk('sRGB', bytes(0)),
    pngChunk('eXIf', enc('MM\0*GPSLatitude=39.89')),
    pngChunk('iTXt', enc('XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>39,53.5N</exif:GPSLatitude>')),
    pngChunk('gpSx', enc('private GPS chunk')),
    pngChunk('iCCP', enc('icc\0\0profile with GPS note')),
    pngChunk('IDAT', bytes(1, 2, 3)),
    pngChunk('tEXt', enc('Comment\0GPS after data')),
    pngChunk('IEND', new Uint8Array(0)),
    enc('GPS appended after IEND'),
  ])
}

const riffChunk = (type: string, data: Uint8Array) => concatBytes([enc(type), new Uint8Array(u32le(data.length)), data, new Uint8Array(data.length & 1)])
const riff = (...chunks: Uint8Array[]) => {
  const body = concatBytes([enc('WEBP'), ...chunks])
  return concatBytes([enc('RIFF'), new Uint8Array(u32le(body.length)), body])
}

describe('JPEG rebuilt from an allow-list', () => {
  it('keeps every scan of a progressive JPEG and drops EXIF between scans and anything after EOI', () => {
    const out = stripMetadata(progressiveWithHiddenGps())!.bytes
    expect(contains(out, 'GPSLatitude')).toBe(false)
    expect(contains(out, 'between-scans comment')).toBe(false)
    expect(contains(out, 'appended')).toBe(false)
    expect(contains(out, 'JFIF')).toBe(true)
    // Both scans with their data, then exactly one EOI at the very end.
    const expected = concatBytes([bytes(0xff, 0xd8), seg(0xe0, JFIF), DQT, SOF2, DHT, SOS, SCAN1, DHT, SOS, SCAN2, bytes(0xff, 0xd9)])
    expect(Array.from(out)).toEqual(Array.from(expected))
    // A second pass changes nothing.
    expect(Array.from(stripMetadata(out)!.bytes)).toEqual(Array.from(out))
  })

  it('drops a JFIF thumbnail, keeps the Adobe colour flag, drops ICC', () => {
    const thumb = concatBytes([enc('JFIF\0\x01\x01\0\0\x01\0\x01\x02\x01'), enc('THUMBGPS')])
    const adobe = enc('Adobe\0\x64\0\0\0\0\x01')
    const icc = enc('ICC_PROFILE\0\x01\x01profile')
    const file = concatBytes([bytes(0xff, 0xd8), seg(0xe0, thumb), seg(0xee, adobe), seg(0xe2, icc), DQT, SOF2, SOS, SCAN1, bytes(0xff, 0xd9)])
    const out = stripMetadata(file)!.bytes
    expect(contains(out, 'THUMBGPS')).toBe(false)
    expect(contains(out, 'ICC_PROFILE')).toBe(false)
    expect(contains(out, 'Adobe')).toBe(true)
    expect(Array.from(out.subarray(2, 20))).toEqual([0xff, 0xe0, 0, 16, ...enc('JFIF\0\x01\x01\0\0\x01\0\x01'), 0, 0])
  })
})

describe('PNG rebuilt from an allow-list', () => {
  it('drops GPS in eXIf, in an iTXt XMP packet, in unknown and ICC chunks and after IEND', () => {
    const out = stripMetadata(pngWithGpsEverywhere())!.bytes
    expect(contains(out, 'GPS')).toBe(false)
    const expected = concatBytes([
      PNG_SIG,
      pngChunk('IHDR', new Uint8Array(13)),
      pngChunk('sRGB', bytes(0)),
      pngChunk('IDAT', bytes(1, 2, 3)),
      pngChunk('IEND', new Uint8Array(0)),
    ])
    expect(Array.from(out)).toEqual(Array.from(expected))
  })
})

describe('WebP rebuilt from an allow-list', () => {
  it('drops EXIF, XMP, ICC and unknown chunks, clears their VP8X flags and fixes the RIFF size', () => {
    const vp8x = new Uint8Array(10)
    vp8x[0] = 0x20 | 0x10 | 0x08 | 0x04
    const file = concatBytes([
      riff(
        riffChunk('VP8X', vp8x),
        riffChunk('ICCP', enc('icc GPS')),
        riffChunk('ALPH', bytes(7, 7)),
        riffChunk('VP8 ', bytes(9, 9, 9)),
        riffChunk('EXIF', enc('MM\0*GPSLatitude')),
        riffChunk('XMP ', enc('<exif:GPSLatitude/>')),
        riffChunk('GPSx', enc('vendor GPS')),
      ),
      enc('GPS after the RIFF'),
    ])
    const out = stripMetadata(file)!.bytes
    expect(contains(out, 'GPS')).toBe(false)
    expect(out[20]).toBe(0x10) // alpha stays, ICC/EXIF/XMP flags cleared
    expect(contains(out, 'ALPH')).toBe(true)
    expect(contains(out, 'VP8 ')).toBe(true)
    expect(new DataView(out.buffer, out.byteOffset).getUint32(4, true)).toBe(out.length - 8)
  })
})
