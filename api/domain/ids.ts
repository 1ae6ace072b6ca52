// UUIDv7 ids are made on the device so a record has its final id before it syncs.
// Time-ordered ids also keep B-tree inserts local on both SQLite and PostgreSQL.
import { text } from './text.ts'

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

let lastMs = 0
let seq = 0

/** RFC 9562 UUIDv7 with a 12-bit monotonic counter inside one millisecond. */
export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  if (now <= lastMs) {
    seq = (seq + 1) & 0xfff
    if (seq === 0) lastMs += 1
    now = lastMs
  } else {
    lastMs = now
    seq = bytes[6]! & 0x0f
  }
  const ms = BigInt(now)
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn)
  bytes[6] = 0x70 | ((seq >> 8) & 0x0f)
  bytes[7] = seq & 0xff
  bytes[8] = 0x80 | (bytes[8]! & 0x3f)
  const h = hex(bytes)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

export const Id = text().regex(UUID_RE, { error: 'invalid_id' })

/** Short slug ids for reference data (subdistricts, communities): lowercase ascii. */
export const Slug = text().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'invalid_slug' })
