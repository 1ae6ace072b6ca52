// Agreements on the device: drafts started on site and compliance checks made on patrol live in Dexie
// and reach the server through the outbox (one transaction each); office lists are cached for offline.
import type { Agreement, AgreementInput } from '#domain/patrol/agreements.ts'
import type { ComplianceCheck, ComplianceCheckInput } from '#domain/patrol/compliance.ts'
import { db } from './database.ts'
import { saveMedia, writeWithOutbox } from './outbox.ts'
import { readViews, type Synced } from './synced-view.ts'
import type { LocalAgreement, LocalCheck } from './rows.ts'

export type { LocalAgreement, LocalCheck }

const tables = () => [db.agreements_local, db.compliance_local]

/** Every photo and drawn signature the agreement references: uploaded before the mutation is pushed. */
export function agreementMedia(a: AgreementInput): string[] {
  const signatures = a.parties.flatMap((p) => (p.signature?.kind === 'drawn' ? [p.signature.media] : []))
  return [...new Set([...a.photos, ...signatures])]
}

export async function saveAgreement(local: LocalAgreement, data: AgreementInput, baseVersion?: number | null): Promise<void> {
  await writeWithOutbox(tables(), async (enqueue) => {
    await db.agreements_local.put(local)
    await enqueue({
      entity: 'agreement',
      entity_id: local.id,
      op: 'put',
      data: { ...data },
      media: agreementMedia(data),
      ...(baseVersion !== undefined ? { base_version: baseVersion } : {}),
    })
  })
}

export async function saveCheck(local: LocalCheck, data: ComplianceCheckInput): Promise<void> {
  await writeWithOutbox(tables(), async (enqueue) => {
    await db.compliance_local.put(local)
    await enqueue({ entity: 'compliance_check', entity_id: local.id, op: 'put', data: { ...data }, media: data.results.flatMap((r) => r.photos) })
  })
}

export const saveBlob = (hash: string, blob: Blob) => saveMedia(hash, blob)
export async function localBlob(hash: string): Promise<Blob | undefined> {
  return (await db.media.get(hash))?.blob
}

/** An agreement as this device knows it: its own unsent copy or the server's. */
export type AgreementCopy = LocalAgreement | Agreement
export type CheckCopy = LocalCheck | ComplianceCheck

export interface AgreementsView {
  agreements: Synced<AgreementCopy>[]
  checks: Synced<CheckCopy>[]
}

/** Agreements and compliance checks through the synced view (device copies over the server's). */
export async function loadView(): Promise<AgreementsView> {
  const view = await readViews({ agreements: { entity: 'agreement' }, checks: { entity: 'compliance_check' } })
  return { agreements: view.agreements as Synced<AgreementCopy>[], checks: view.checks as Synced<CheckCopy>[] }
}

/** The server's copy of an agreement as last pulled (version for the next edit). */
export async function pulledAgreement(id: string): Promise<{ version: number; record: unknown } | undefined> {
  const row = await db.records.get(['agreement', id])
  return row ? { version: row.version, record: row.record } : undefined
}

/** Offline copies of what the pages last saw online (parties, lists, details, public zones). */
export async function cached<T>(key: string): Promise<T | undefined> {
  return (await db.kv.get(`agreements.${key}`))?.value as T | undefined
}
export async function cache(key: string, value: unknown): Promise<void> {
  await db.kv.put({ key: `agreements.${key}`, value })
}
