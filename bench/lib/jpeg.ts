// Small, unique, structurally valid JPEGs for the upload figure: JFIF, an EXIF block with GPS (which the
// server must strip), quantisation table, a 1280×960 frame header, and a scan of pseudo-random bytes.
import { createHash } from 'node:crypto'
import { rng } from './seed-db.ts'

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
const enc = (s: string) => [...new TextEncoder().encode(s)]
const segment = (marker: number, payload: number[]) => [0xff, marker, ...u16(payload.length + 2), ...payload]

export interface BenchPhoto {
  bytes: Uint8Array
  hash: string
}

export function benchJpeg(seed: number, scanBytes = 40_000): BenchPhoto {
  const r = rng(seed + 1)
  const scan = new Uint8Array(scanBytes)
  // No 0xFF in entropy-coded data (a real encoder would stuff it as FF 00).
  for (let i = 0; i < scan.length; i++) scan[i] = Math.floor(r() * 255)
  const head = [
    0xff,
    0xd8,
    ...segment(0xe0, enc('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')),
    ...segment(0xe1, enc(`Exif\0\0GPSLatitude=39.89${seed}`)),
    ...segment(0xdb, [0, ...new Array(64).fill(1)]),
    ...segment(0xc0, [8, ...u16(960), ...u16(1280), 1, 1, 0x11, 0]),
    ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]),
  ]
  const bytes = new Uint8Array(head.length + scan.length + 2)
  bytes.set(head, 0)
  bytes.set(scan, head.length)
  bytes.set([0xff, 0xd9], head.length + scan.length)
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') }
}
