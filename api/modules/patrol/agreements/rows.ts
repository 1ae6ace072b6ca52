// Row ↔ record mapping for agreements and compliance checks: what the API returns and devices pull
// is the record, never the row, so a JSON column change stays inside this file.
import type { Agreement, AgreementInput, AgreementStatus } from '#domain/patrol/agreements.ts'
import type { ComplianceCheck, ComplianceCheckInput } from '#domain/patrol/compliance.ts'
import { checkScore } from '#domain/patrol/compliance.ts'
import { parseJson } from '../problems.ts'
import type { PatrolAgreementsTable, PatrolComplianceChecksTable } from './tables.ts'

export function agreementColumns(a: AgreementInput) {
  return {
    community_id: a.community_id,
    title: a.title,
    status: a.status,
    lat: a.location.lat,
    lng: a.location.lng,
    address: a.location.address,
    measure: a.measure,
    effective_date: a.effective_date,
    review_date: a.review_date,
    hotspot_ids: JSON.stringify(a.hotspot_ids),
    report_ids: JSON.stringify(a.report_ids),
    parties: JSON.stringify(a.parties),
    commitments: JSON.stringify(a.commitments),
    photos: JSON.stringify(a.photos),
    note: a.note,
  }
}

export function agreementOf(row: PatrolAgreementsTable, createdByName: string): Agreement {
  return {
    id: row.id,
    title: row.title,
    community_id: row.community_id,
    status: row.status as AgreementStatus,
    location: { lat: Number(row.lat), lng: Number(row.lng), address: row.address },
    measure: row.measure,
    effective_date: row.effective_date,
    review_date: row.review_date,
    hotspot_ids: parseJson(row.hotspot_ids, []),
    report_ids: parseJson(row.report_ids, []),
    parties: parseJson(row.parties, []),
    commitments: parseJson(row.commitments, []),
    photos: parseJson(row.photos, []),
    note: row.note,
    created_by: row.created_by,
    created_by_name: createdByName,
    created_at: row.created_at,
    updated_at: row.updated_at,
    version: Number(row.version),
  }
}

export function checkColumns(c: ComplianceCheckInput) {
  return {
    agreement_id: c.agreement_id,
    checked_at: c.checked_at,
    lat: c.position?.lat ?? null,
    lng: c.position?.lng ?? null,
    accuracy_m: c.position?.accuracy_m ?? null,
    results: JSON.stringify(c.results),
    note: c.note,
    score: checkScore(c),
    breach: c.results.some((r) => r.outcome === 'breached') ? 1 : 0,
  }
}

export function checkOf(row: PatrolComplianceChecksTable, inspectorName: string): ComplianceCheck {
  const lat = row.lat === null ? null : Number(row.lat)
  const lng = row.lng === null ? null : Number(row.lng)
  return {
    id: row.id,
    agreement_id: row.agreement_id,
    community_id: row.community_id,
    checked_at: row.checked_at,
    position: lat !== null && lng !== null ? { lat, lng, accuracy_m: Number(row.accuracy_m ?? 0) } : null,
    results: parseJson(row.results, []),
    note: row.note,
    inspector_id: row.inspector_id,
    inspector_name: inspectorName,
    received_at: row.received_at,
    version: Number(row.version),
  }
}
