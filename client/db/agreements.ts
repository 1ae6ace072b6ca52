// Agreements on the device: drafts started on site and compliance checks made on patrol live in Dexie
// and reach the server through the outbox (one transaction each); office lists are cached for offline.
import type { AgreementInput } from '#domain/patrol/agreements.ts'
import type { ComplianceCheckInput } from '#domain/patrol/compliance.ts'
import { db } from './database.ts'
import { saveMedia, writeWithOutbox, type OutboxRow } from './outbox.ts'
import { syncStateOf, type ItemSync } from './reports.ts'

export interface LocalAgreement extends AgreementInput {
  id: string
  /** The server version this edit is based on (0 = never synced). */
  version: number
  created_by_name: string
  updated_at: string
}

export interface LocalCheck extends ComplianceCheckInput {
  id: string
  inspector_name: string
}

export type { ItemSync }

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

export interface LocalSnapshot {
  agreements: (LocalAgreement & { sync: ItemSync })[]
  checks: (LocalCheck & { sync: ItemSync })[]
}

/** This device's own agreements and checks with the state of their outbox rows. */
export async function loadLocal(): Promise<LocalSnapshot> {
  return db.transaction('r', [db.agreements_local, db.compliance_local, db.outbox], async () => {
    const [agreements, checks, outbox] = await Promise.all([
      db.agreements_local.toArray(),
      db.compliance_local.toArray(),
      db.outbox.filter((r) => r.entity === 'agreement' || r.entity === 'compliance_check').toArray(),
    ])
    const rowsOf = new Map<string, OutboxRow[]>()
    for (const r of outbox) rowsOf.set(r.entity_id, [...(rowsOf.get(r.entity_id) ?? []), r])
    return {
      agreements: agreements.map((a) => ({ ...a, sync: syncStateOf(rowsOf.get(a.id) ?? []) })),
      checks: checks.map((c) => ({ ...c, sync: syncStateOf(rowsOf.get(c.id) ?? []) })),
    }
  })
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
