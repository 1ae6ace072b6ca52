// The `agreement` sync entity: a draft started on site (offline, by an inspector) or an agreement the
// office records, edited and put into effect. Same zod rules as the device, plus what only the server knows.
import { AgreementInput, mayChangeStatus } from '#domain/patrol/agreements.ts'
import { mayWriteCommunity } from '#domain/patrol/rules.ts'
import { ConflictError, type EntityHandler } from '../../../sync/registry.ts'
import { hasHotspots, linkIssues, userNames } from './links.ts'
import { followAgreements } from './hotspot-status.ts'
import { agreementColumns, agreementOf } from './rows.ts'
import { audit } from '../../../audit/audit.ts'
import { fieldProblem, fieldsProblem } from '../../../http/problem.ts'

export const AGREEMENT_READ_ROLES = ['inspector', 'coordinator', 'admin'] as const

export const agreementEntity: EntityHandler<AgreementInput> = {
  entity: 'agreement',
  schema: AgreementInput,
  roles: ['inspector', 'coordinator', 'admin'],
  readRoles: AGREEMENT_READ_ROLES,
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw fieldProblem('agreement_delete_unsupported', '', { status: 422 })
    const sd = user.subdistrict_id
    const existing = await tx.selectFrom('patrol_agreements').selectAll().where('subdistrict_id', '=', sd).where('id', '=', m.entity_id).executeTakeFirst()
    if (existing && !mayWriteCommunity(user, existing.community_id)) throw fieldProblem('patrol_community_not_yours', 'community_id', { status: 403 })
    if (existing && m.base_version !== Number(existing.version)) {
      const names = await userNames(tx, sd, [existing.created_by])
      throw new ConflictError(agreementOf(existing, names.get(existing.created_by) ?? ''), Number(existing.version))
    }
    if (!existing && m.base_version !== null) throw fieldProblem('agreement_unknown', '', { status: 404 })
    const data = m.data
    if (!mayWriteCommunity(user, data.community_id)) throw fieldProblem('patrol_community_not_yours', 'community_id', { status: 403 })
    // Inspectors draft on site; putting an agreement into effect (or ending it) is the office's call.
    if (user.role === 'inspector' && (data.status !== 'draft' || (existing && existing.status !== 'draft'))) {
      throw fieldProblem('agreement_inspector_draft_only', 'status', { status: 403 })
    }
    const from = existing ? (existing.status as AgreementInput['status']) : 'draft'
    if (!mayChangeStatus(from, data.status)) throw fieldProblem('agreement_status_change', 'status', { status: 422 })
    const issues = await linkIssues(tx, sd, data)
    if (issues.length) throw fieldsProblem(issues, { detail: issues[0]!.key })

    const at = now.toISOString()
    const columns = agreementColumns(data)
    let row
    if (existing) {
      row = { ...existing, ...columns, updated_at: at, version: Number(existing.version) + 1 }
      await tx
        .updateTable('patrol_agreements')
        .set({ ...columns, updated_at: at, version: row.version })
        .where('subdistrict_id', '=', sd)
        .where('id', '=', existing.id)
        .execute()
    } else {
      row = { subdistrict_id: sd, id: m.entity_id, ...columns, created_by: user.id, created_at: at, updated_at: at, version: 1 }
      await tx.insertInto('patrol_agreements').values(row).execute()
    }
    // The hotspots it links, and any it no longer links, take the status their agreements stand for.
    const linked = [...data.hotspot_ids, ...(existing ? (JSON.parse(existing.hotspot_ids) as string[]) : [])]
    if (linked.length && (await hasHotspots(tx))) await followAgreements(tx, user, linked, now)
    const names = await userNames(tx, sd, [row.created_by])
    await audit(tx, {
      actor: user,
      action: existing ? 'update' : 'create',
      entity: 'agreement',
      entity_id: row.id,
      before: existing ?? null,
      after: row,
      at: now,
    })
    return { record: agreementOf(row, names.get(row.created_by) ?? ''), version: row.version, community_id: row.community_id }
  },
}
