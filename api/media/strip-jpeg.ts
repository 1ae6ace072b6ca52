// Rebuilds a JPEG from an allow-list of what a decoder needs to show it: SOI, frame headers (SOFn),
// tables (DQT, DHT, DAC, DRI), each scan (SOS + its entropy-coded data), EOI, plus the JFIF header
// (thumbnail removed) and Adobe's colour-transform flag. Everything else is dropped wherever it stands
// (EXIF/XMP/ICC/vendor APPn, COM, segments between progressive scans) and nothing after EOI is kept.
import { concatBytes, DamagedImageError } from './sniff.ts'

const SOS = 0xda
const EOI = 0xd9
const APP0 = 0xe0
const APP14 = 0xee

/** Frame headers: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc
/** DHT, DAC, DQT, DNL, DRI: tables and counts the decoder reads. */
const isTable = (m: number) => m === 0xc4 || m === 0xcc || m === 0xdb || m === 0xdc || m === 0xdd
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7)
const startsWith = (b: Uint8Array, at: number, s: string) => [...s].every((ch, k) => b[at + k] === ch.charCodeAt(0))

/** The JFIF header alone (density and version), with the thumbnail size set to 0×0. */
function jfif(b: Uint8Array, payload: number, len: number): Uint8Array | undefined {
  if (len < 16 || !startsWith(b, payload, 'JFIF\0')) return undefined
  const out = new Uint8Array(18)
  out.set([0xff, APP0, 0, 16])
  out.set(b.subarray(payload, payload + 12), 4)
  return out // bytes 16–17 (thumbnail width, height) stay 0
}

/** Adobe APP14 says whether the samples are RGB/CMYK or YCC: colours depend on it. Nothing else in it. */
function adobe(b: Uint8Array, payload: number, len: number): Uint8Array | undefined {
  if (len !== 14 || !startsWith(b, payload, 'Adobe')) return undefined
  return b.subarray(payload - 4, payload + 12)
}

/**
 * End of the entropy-coded data that starts at i: the first marker other than stuffing (FF00) and RSTn.
 * indexOf finds each 0xFF natively: a photo's scan data is nearly all of its bytes.
 */
function scanEnd(b: Uint8Array, i: number): number {
  for (;;) {
    i = b.indexOf(0xff, i)
    if (i < 0) return b.length
    const next = b[i + 1]
    if (next === undefined) return b.length
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i += 2
    else if (next === 0xff) i++
    else return i
  }
}

export function stripJpeg(b: Uint8Array): Uint8Array {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new DamagedImageError('no SOI')
  const keep: Uint8Array[] = [b.subarray(0, 2)]
  let scans = 0
  let i = 2
  while (i < b.length) {
    if (b[i] !== 0xff) throw new DamagedImageError('expected a marker')
    // Fill bytes: any number of 0xFF may precede a marker.
    let j = i
    while (j < b.length && b[j] === 0xff) j++
    if (j >= b.length) break
    const marker = b[j]!
    if (marker === EOI) break
    if (isStandalone(marker)) {
      i = j + 1
      continue
    }
    if (j + 2 >= b.length) throw new DamagedImageError('truncated segment')
    const len = (b[j + 1]! << 8) | b[j + 2]!
    if (len < 2 || j + 1 + len > b.length) throw new DamagedImageError('bad segment length')
    const payload = j + 3
    const end = j + 1 + len
    if (marker === SOS) {
      const dataEnd = scanEnd(b, end)
      keep.push(new Uint8Array([0xff, SOS]), b.subarray(j + 1, dataEnd))
      scans++
      i = dataEnd
      continue
    }
    if (isFrame(marker) || isTable(marker)) keep.push(new Uint8Array([0xff, marker]), b.subarray(j + 1, end))
    else if (marker === APP0 && scans === 0 && keep.length === 1) {
      const header = jfif(b, payload, len)
      if (header) keep.push(header)
    } else if (marker === APP14 && scans === 0) {
      const flag = adobe(b, payload, len)
      if (flag) keep.push(flag)
    }
    i = end
  }
  if (scans === 0) throw new DamagedImageError('no image data')
  keep.push(new Uint8Array([0xff, EOI]))
  return concatBytes(keep)
}
