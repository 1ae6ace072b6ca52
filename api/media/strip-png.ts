// Rebuilds a PNG from an allow-list of chunks that affect how the image looks (header, palette,
// transparency, colour space, pixel data, end); text, EXIF, ICC, animation and unknown chunks are dropped
// wherever they stand, and nothing after IEND is kept. Kept chunks are copied with their CRCs.
import { concatBytes, DamagedImageError } from './sniff.ts'

/** iCCP is left out on purpose: an ICC profile is free-form and the client sends sRGB anyway. */
const KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'pHYs'])

export function stripPng(b: Uint8Array): Uint8Array {
  const keep: Uint8Array[] = [b.subarray(0, 8)]
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  let i = 8
  let sawEnd = false
  while (i < b.length) {
    if (i + 12 > b.length) throw new DamagedImageError('truncated chunk')
    const len = view.getUint32(i)
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!)
    const end = i + 12 + len
    if (end > b.length) throw new DamagedImageError('chunk past the end')
    if (KEEP.has(type)) keep.push(b.subarray(i, end))
    i = end
    if (type === 'IEND') {
      sawEnd = true
      break
    }
  }
  if (!sawEnd) throw new DamagedImageError('no IEND')
  return concatBytes(keep)
}
