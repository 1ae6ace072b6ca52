// Upload limits both ends share: the device sizes and groups its photos by them, the server enforces them.
// No zod here, so device code can import it without loading the contracts.

export const MEDIA_MAX_BYTES = 8 * 1024 * 1024
export const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
/** POST /api/media/batch: at most this many photos per request, and this many bytes in all (multipart framing included). */
export const MEDIA_BATCH_MAX_FILES = 16
export const MEDIA_BATCH_MAX_BYTES = MEDIA_MAX_BYTES
