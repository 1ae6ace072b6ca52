// Photos are re-encoded on the device before they are stored or sent: long edge ≤ 1600 px, JPEG.
// Drawing through a canvas keeps only pixels, so EXIF (and any GPS in it) never leaves the phone.
import { MEDIA_MAX_BYTES } from '#domain/sync.ts'

export const MAX_EDGE_PX = 1600
export const JPEG_QUALITY = 0.82
/** A camera original can be large; anything beyond this is not a phone photo. */
export const MAX_INPUT_BYTES = 40 * 1024 * 1024

/** Every way a photo can fail to attach; each has a message (patrol.photoError.*). */
export type PhotoProblem = 'not_image' | 'too_large' | 'unreadable' | 'insecure' | 'not_saved' | 'too_many' | 'duplicate'

export class PhotoError extends Error {
  constructor(readonly problem: PhotoProblem) {
    super(problem)
  }
}

export interface EncodedPhoto {
  blob: Blob
  sha256: string
  width: number
  height: number
}

/** Target size that fits the long edge within max, never upscaling. */
export function fitWithin(width: number, height: number, max = MAX_EDGE_PX): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height, 1))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

export async function sha256Hex(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  if (globalThis.crypto?.subtle) {
    const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes)
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
  }
  // crypto.subtle exists only in secure contexts; the WebAssembly fallback may be refused there too (CSP,
  // or its chunk not loaded offline), and then the photo says why instead of failing silently.
  try {
    const { sha256 } = await import('hash-wasm')
    return await sha256(bytes)
  } catch {
    throw new PhotoError(globalThis.isSecureContext === false ? 'insecure' : 'unreadable')
  }
}

async function draw(bitmap: ImageBitmap, width: number, height: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new PhotoError('unreadable')
    ctx.drawImage(bitmap, 0, 0, width, height)
    return canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY })
  }
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new PhotoError('unreadable')
  ctx.drawImage(bitmap, 0, 0, width, height)
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new PhotoError('unreadable'))), 'image/jpeg', JPEG_QUALITY))
}

/** Decodes any image the browser can read (orientation applied), scales it and encodes a fresh JPEG. */
export async function reencodePhoto(file: Blob): Promise<EncodedPhoto> {
  if (file.type && !file.type.startsWith('image/')) throw new PhotoError('not_image')
  if (file.size > MAX_INPUT_BYTES) throw new PhotoError('too_large')
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    // Said to be an image but not decodable here (damaged, or a format this browser lacks).
    throw new PhotoError(file.type ? 'unreadable' : 'not_image')
  }
  try {
    const size = fitWithin(bitmap.width, bitmap.height)
    const blob = await draw(bitmap, size.width, size.height)
    if (blob.size > MEDIA_MAX_BYTES) throw new PhotoError('too_large')
    return { blob, sha256: await sha256Hex(blob), ...size }
  } finally {
    bitmap.close()
  }
}
