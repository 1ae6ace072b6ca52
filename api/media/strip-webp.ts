// Rebuilds a WebP (RIFF) file from an allow-list of chunks: the bitstreams (VP8, VP8L), the extended
// header (VP8X) with its alpha (ALPH) and animation (ANIM, ANMF) chunks. EXIF, XMP, ICC and unknown
// chunks are dropped and their VP8X flags cleared; the RIFF size is rewritten and nothing after it kept.
import { concatBytes, DamagedImageError } from './sniff.ts'

const KEEP = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF'])
const VP8X_ICC = 0x20
const VP8X_EXIF = 0x08
const VP8X_XMP = 0x04

export function stripWebp(b: Uint8Array): Uint8Array {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const riffEnd = 8 + view.getUint32(4, true)
  if (riffEnd > b.length || riffEnd < 12) throw new DamagedImageError('bad RIFF size')
  const keep: Uint8Array[] = []
  let i = 12
  while (i < riffEnd) {
    if (i + 8 > riffEnd) throw new DamagedImageError('truncated chunk')
    const type = String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!)
    const size = view.getUint32(i + 4, true)
    const end = i + 8 + size + (size & 1)
    if (end > riffEnd + (size & 1)) throw new DamagedImageError('chunk past the end')
    if (KEEP.has(type)) {
      const chunk = b.slice(i, Math.min(end, riffEnd))
      if (type === 'VP8X' && chunk.length > 8) chunk[8] = chunk[8]! & ~(VP8X_ICC | VP8X_EXIF | VP8X_XMP)
      keep.push(chunk)
    }
    i = end
  }
  const body = concatBytes(keep)
  const out = new Uint8Array(12 + body.length)
  out.set(b.subarray(0, 12))
  new DataView(out.buffer).setUint32(4, 4 + body.length, true)
  out.set(body, 12)
  return out
}
