// Hand-built image byte layouts for the media tests: just enough structure (markers, chunks, sizes)
// to exercise sniffing and metadata stripping, with recognisable metadata payloads to look for.
import { concatBytes } from '../media/sniff.ts'

const enc = (s: string) => new TextEncoder().encode(s)
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]

const segment = (marker: number, payload: Uint8Array) => new Uint8Array([0xff, marker, ...u16(payload.length + 2), ...payload])

export const EXIF_PAYLOAD = 'Exif\0\0GPSLatitude=39.892109'

/** SOI, APP0 JFIF, APP1 EXIF (GPS), COM, DQT, SOS + scan data, EOI. */
export function jpegWithExif(): Uint8Array {
  return concatBytes([
    new Uint8Array([0xff, 0xd8]),
    segment(0xe0, enc('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')),
    segment(0xe1, enc(EXIF_PAYLOAD)),
    segment(0xfe, enc('camera comment')),
    segment(0xdb, new Uint8Array(65).fill(1)),
    segment(0xda, new Uint8Array([1, 1, 0, 0, 0x3f, 0])),
    new Uint8Array([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78]),
    new Uint8Array([0xff, 0xd9]),
  ])
}

const pngChunk = (type: string, data: Uint8Array) => concatBytes([new Uint8Array(u32be(data.length)), enc(type), data, new Uint8Array(4)])

export function pngWithText(): Uint8Array {
  return concatBytes([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', new Uint8Array(13)),
    pngChunk('tEXt', enc('Author\0secret person')),
    pngChunk('eXIf', enc('MM\0*GPS')),
    pngChunk('IDAT', new Uint8Array([1, 2, 3])),
    pngChunk('IEND', new Uint8Array(0)),
  ])
}

const riffChunk = (type: string, data: Uint8Array) => concatBytes([enc(type), new Uint8Array(u32le(data.length)), data, new Uint8Array(data.length & 1)])

export function webpWithExif(): Uint8Array {
  const vp8x = new Uint8Array(10)
  vp8x[0] = 0x08 | 0x04
  const body = concatBytes([
    enc('WEBP'),
    riffChunk('VP8X', vp8x),
    riffChunk('VP8 ', new Uint8Array([9, 9, 9])),
    riffChunk('EXIF', enc('GPS here')),
    riffChunk('XMP ', enc('<x/>')),
  ])
  return concatBytes([enc('RIFF'), new Uint8Array(u32le(body.length)), body])
}

export const contains = (hay: Uint8Array, needle: string) => Buffer.from(hay).includes(Buffer.from(needle))
