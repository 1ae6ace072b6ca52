// One entry point for the server-side metadata strip: the device already re-encodes photos, but the
// server never trusts that and removes EXIF/XMP/text again before anything is stored.
import { sniffImage, type ImageType } from './sniff.ts'
import { stripJpeg } from './strip-jpeg.ts'
import { stripPng } from './strip-png.ts'
import { stripWebp } from './strip-webp.ts'

export { DamagedImageError } from './sniff.ts'

export function stripMetadata(bytes: Uint8Array): { type: ImageType; bytes: Uint8Array } | undefined {
  const type = sniffImage(bytes)
  if (!type) return undefined
  const stripped = type === 'image/jpeg' ? stripJpeg(bytes) : type === 'image/png' ? stripPng(bytes) : stripWebp(bytes)
  return { type, bytes: stripped }
}
