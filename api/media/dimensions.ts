// Pixel dimensions read from the image header (JPEG SOF, PNG IHDR, WebP VP8/VP8L/VP8X) without decoding,
// so a small file that would decode into a huge bitmap (a "decompression bomb") is refused up front.
export const MEDIA_MAX_PIXELS = 50_000_000

export interface Dimensions {
  width: number
  height: number
}

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)
const u24le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16)
const u32be = (b: Uint8Array, i: number) => (((b[i] ?? 0) << 24) >>> 0) + ((b[i + 1] ?? 0) << 16) + ((b[i + 2] ?? 0) << 8) + (b[i + 3] ?? 0)
const ascii = (b: Uint8Array, at: number, s: string) => [...s].every((ch, i) => b[at + i] === ch.charCodeAt(0))

function jpeg(b: Uint8Array): Dimensions | undefined {
  let i = 2
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined
    const marker = b[i + 1]!
    if (marker === 0xff) {
      i++
      continue
    }
    // Start-of-frame markers (baseline, progressive, lossless, ...), not DHT/JPG/DAC.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, i + 5), width: u16be(b, i + 7) }
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2
      continue
    }
    if (marker === 0xda || marker === 0xd9) return undefined
    i += 2 + u16be(b, i + 2)
  }
  return undefined
}

function webp(b: Uint8Array): Dimensions | undefined {
  // Lossy: a 10-byte frame header from byte 20 (3 bytes tag, 9d 01 2a), then 14-bit LE width and height.
  if (ascii(b, 12, 'VP8 ') && b.length >= 30)
    return { width: (((b[27] ?? 0) << 8) | (b[26] ?? 0)) & 0x3fff, height: (((b[29] ?? 0) << 8) | (b[28] ?? 0)) & 0x3fff }
  if (ascii(b, 12, 'VP8L') && b.length >= 25) {
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24)
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  }
  if (ascii(b, 12, 'VP8X') && b.length >= 30) return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 }
  return undefined
}

export function imageDimensions(b: Uint8Array): Dimensions | undefined {
  if (b[0] === 0xff && b[1] === 0xd8) return jpeg(b)
  if (b.length >= 24 && ascii(b, 12, 'IHDR')) return { width: u32be(b, 16), height: u32be(b, 20) }
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return webp(b)
  return undefined
}

export function tooManyPixels(b: Uint8Array, max = MEDIA_MAX_PIXELS): boolean {
  const d = imageDimensions(b)
  return d !== undefined && d.width * d.height > max
}
