// The capture form's state as plain data: start a draft and turn it into the report or sighting the
// sync engine sends. Checking it (draft-check.ts) brings the message catalogue, so it loads on demand.
import { uuidv7 } from '#domain/ids.ts'
import type { CaptureDraft } from '../db/rows.ts'

export function newDraft(key: string, communityId: string, now = new Date()): CaptureDraft {
  const at = now.toISOString()
  return {
    key,
    id: uuidv7(now.getTime()),
    report_id: null,
    position: null,
    community_id: communityId,
    address: '',
    kind: '',
    counts: {},
    blocked_share: null,
    clear_width_m: null,
    photos: [],
    note: '',
    observed_at: at,
    updated_at: at,
  }
}

/** Nothing typed or chosen yet (the GPS position fills itself in): no draft worth a nudge. */
export function isBlank(d: CaptureDraft): boolean {
  return (
    !d.report_id &&
    !d.kind &&
    !d.address.trim() &&
    !d.note.trim() &&
    Object.values(d.counts).every((n) => !n) &&
    d.blocked_share === null &&
    d.clear_width_m === null &&
    !d.photos.length &&
    d.position?.source !== 'map'
  )
}

/** Zero counts say nothing; leaving them out keeps records small. */
const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0))

/** The data of the mutation, before validation (unknown shape: the schema decides). */
export function draftData(d: CaptureDraft): Record<string, unknown> {
  const sighting = {
    position: d.position ?? undefined,
    counts: nonZero(d.counts),
    blocked_share: d.blocked_share,
    clear_width_m: d.clear_width_m,
    photos: [...d.photos],
    note: d.note,
    observed_at: d.observed_at,
  }
  if (d.report_id) return { ...sighting, report_id: d.report_id }
  return { ...sighting, community_id: d.community_id, address: d.address, kind: d.kind || undefined }
}
