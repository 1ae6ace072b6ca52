// Drops the text and EXIF chunks (tEXt, iTXt, zTXt, eXIf) from a PNG; every other chunk, with its CRC,
// is copied unchanged, so the image decodes exactly as before.
import { concatBytes, DamagedImageError } from './sniff.ts'

const DROP = new Set(['tEXt', 'iTXt', 'zTXt', 'eXIf'])

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
    if (!DROP.has(type)) keep.push(b.subarray(i, end))
    i = end
    if (type === 'IEND') {
      sawEnd = true
      break
    }
  }
  if (!sawEnd) throw new DamagedImageError('no IEND')
  return concatBytes(keep)
}
