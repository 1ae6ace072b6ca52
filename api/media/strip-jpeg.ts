// Drops every APP1..APP15 segment (EXIF with GPS, XMP, ICC, vendor data) and every COM segment from a
// JPEG, keeping APP0 (JFIF) and the image itself. Pure byte work: no decoding, no native code.
import { concatBytes, DamagedImageError } from './sniff.ts'

const SOS = 0xda
const EOI = 0xd9

const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7)
const isDropped = (m: number) => (m >= 0xe1 && m <= 0xef) || m === 0xfe

export function stripJpeg(b: Uint8Array): Uint8Array {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new DamagedImageError('no SOI')
  const keep: Uint8Array[] = [b.subarray(0, 2)]
  let i = 2
  while (i < b.length) {
    if (b[i] !== 0xff) throw new DamagedImageError('expected a marker')
    // Fill bytes: any number of 0xFF may precede a marker.
    let j = i
    while (j < b.length && b[j] === 0xff) j++
    if (j >= b.length) throw new DamagedImageError('truncated marker')
    const marker = b[j]!
    const segStart = j - 1
    if (marker === EOI) {
      keep.push(b.subarray(segStart, j + 1))
      return concatBytes(keep)
    }
    if (isStandalone(marker)) {
      keep.push(b.subarray(segStart, j + 1))
      i = j + 1
      continue
    }
    if (j + 2 >= b.length) throw new DamagedImageError('truncated segment')
    const len = (b[j + 1]! << 8) | b[j + 2]!
    if (len < 2 || j + 1 + len > b.length) throw new DamagedImageError('bad segment length')
    const end = j + 1 + len
    if (marker === SOS) {
      // The entropy-coded data and everything after it (more scans, EOI) are copied as they are.
      keep.push(b.subarray(segStart))
      return concatBytes(keep)
    }
    if (!isDropped(marker)) keep.push(b.subarray(segStart, end))
    i = end
  }
  throw new DamagedImageError('no image data')
}
