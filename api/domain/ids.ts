// UUIDv7 ids are made on the device so a record has its final id before it syncs.
// Time-ordered ids also keep B-tree inserts local on both SQLite and PostgreSQL.
import { text } from './text.ts'

/** Two lowercase hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

/**
 * Random bytes drawn from the CSPRNG a block at a time and handed out once each: one getRandomValues
 * call per 256 ids instead of one per id (a server writing a batch of records makes hundreds at once).
 */
const POOL = new Uint8Array(16 * 256)
let poolAt = POOL.length

let lastMs = 0
let seq = 0

/** RFC 9562 UUIDv7 with a 12-bit monotonic counter inside one millisecond. */
export function uuidv7(now: number = Date.now()): string {
  if (poolAt === POOL.length) {
    globalThis.crypto.getRandomValues(POOL)
    poolAt = 0
  }
  const bytes = POOL.subarray(poolAt, poolAt + 16)
  poolAt += 16
  if (now <= lastMs) {
    seq = (seq + 1) & 0xfff
    if (seq === 0) lastMs += 1
    now = lastMs
  } else {
    lastMs = now
    seq = bytes[6]! & 0x0f
  }
  // 48-bit milliseconds: the high 16 bits and the low 32 bits, without BigInt.
  const high = Math.floor(now / 2 ** 32)
  const low = now >>> 0
  bytes[0] = (high >>> 8) & 0xff
  bytes[1] = high & 0xff
  bytes[2] = low >>> 24
  bytes[3] = (low >>> 16) & 0xff
  bytes[4] = (low >>> 8) & 0xff
  bytes[5] = low & 0xff
  bytes[6] = 0x70 | ((seq >> 8) & 0x0f)
  bytes[7] = seq & 0xff
  bytes[8] = 0x80 | (bytes[8]! & 0x3f)
  const h = (from: number, to: number) => {
    let out = ''
    for (let i = from; i < to; i++) out += HEX[bytes[i]!]
    return out
  }
  return `${h(0, 4)}-${h(4, 6)}-${h(6, 8)}-${h(8, 10)}-${h(10, 16)}`
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

export const Id = text().regex(UUID_RE, { error: 'invalid_id' })

/** Short slug ids for reference data (subdistricts, communities): lowercase ascii. */
export const Slug = text().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'invalid_slug' })
