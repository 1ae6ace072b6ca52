// What an upload really is, decided by its first bytes and never by its name or declared type:
// only JPEG, PNG and WebP photos are accepted.
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp'

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

const ascii = (b: Uint8Array, at: number, s: string) => {
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false
  return true
}

export function sniffImage(b: Uint8Array): ImageType | undefined {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && PNG_SIG.every((v, i) => b[i] === v)) return 'image/png'
  if (b.length >= 12 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp'
  return undefined
}

/** Thrown by a stripper when the bytes claim a format but are not well formed. */
export class DamagedImageError extends Error {
  constructor(what: string) {
    super(`damaged image: ${what}`)
  }
}

/** Concatenates byte slices into one array. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
