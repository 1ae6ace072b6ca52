// Checks a capture draft with the same zod rules the server applies, errors by field path in the
// person's language. Kept apart from draft.ts: the message catalogue it needs loads when the inspector
// first saves, not with the capture form.
import { formatIssues, type Lang } from '#domain/messages.ts'
import { ObservationInput, type ReportInput } from '#domain/patrol/report.ts'
import { reportInputFor, type PatrolScope } from '#domain/patrol/rules.ts'
import type { CaptureDraft } from '../db/rows.ts'
import { draftData } from './draft.ts'

export type Checked =
  | { ok: true; entity: 'report'; data: ReportInput }
  | { ok: true; entity: 'observation'; data: ObservationInput }
  | { ok: false; errors: Record<string, string> }

/** Same rules as the server, including the inspector's communities; the first message per field. */
export function checkDraft(d: CaptureDraft, scope: PatrolScope, lang: Lang): Checked {
  const data = draftData(d)
  const parsed = d.report_id ? ObservationInput.safeParse(data) : reportInputFor(scope).safeParse(data)
  if (parsed.success) {
    return d.report_id
      ? { ok: true, entity: 'observation', data: parsed.data as ObservationInput }
      : { ok: true, entity: 'report', data: parsed.data as ReportInput }
  }
  const errors: Record<string, string> = {}
  for (const e of formatIssues(parsed.error.issues, lang)) errors[e.path] ??= e.message
  return { ok: false, errors }
}
