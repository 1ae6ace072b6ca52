// The `compliance_check` sync entity: a patrol at an agreement's place records each party's outcome,
// offline. A breach flags the agreement (status breached) in the same transaction and is logged for pull.
import { ComplianceCheckInput } from '#domain/patrol/compliance.ts'
import { mayWriteCommunity } from '#domain/patrol/rules.ts'
import type { AgreementParty } from '#domain/patrol/agreements.ts'
import { ConflictError, type EntityHandler } from '../../../sync/registry.ts'
import { appendChange } from '../../../sync/change-log.ts'
import { userNames } from '../agreements/links.ts'
import { parseJson } from '../problems.ts'
import { fieldProblem, fieldsProblem } from '../../../http/problem.ts'
import { agreementOf, checkColumns, checkOf } from '../agreements/rows.ts'
import { assertPlausible } from '../bounds.ts'

export const complianceEntity: EntityHandler<ComplianceCheckInput> = {
  entity: 'compliance_check',
  schema: ComplianceCheckInput,
  roles: ['inspector', 'coordinator', 'admin'],
  readRoles: ['inspector', 'coordinator', 'admin'],
  async apply(tx, { user, now }, m) {
    if (m.op === 'delete') throw fieldProblem('patrol_delete_unsupported', '', { status: 422 })
    const sd = user.subdistrict_id
    const existing = await tx
      .selectFrom('patrol_compliance_checks')
      .selectAll()
      .where('subdistrict_id', '=', sd)
      .where('id', '=', m.entity_id)
      .executeTakeFirst()
    // Who may touch the stored check is decided before anything of it is answered (a conflict returns it whole).
    if (existing && !mayWriteCommunity(user, existing.community_id)) throw fieldProblem('patrol_community_not_yours', 'agreement_id', { status: 403 })
    if (existing && user.role === 'inspector' && existing.inspector_id !== user.id) throw fieldProblem('patrol_not_reporter', '', { status: 403 })
    if (existing && m.base_version !== Number(existing.version)) {
      const names = await userNames(tx, sd, [existing.inspector_id])
      throw new ConflictError(checkOf(existing, names.get(existing.inspector_id) ?? ''), Number(existing.version))
    }
    if (!existing && m.base_version !== null) throw fieldProblem('agreement_unknown', '', { status: 404 })
    const data = m.data
    const agreement = await tx
      .selectFrom('patrol_agreements')
      .selectAll()
      .where('subdistrict_id', '=', sd)
      .where('id', '=', data.agreement_id)
      .executeTakeFirst()
    if (!agreement || (existing && existing.agreement_id !== data.agreement_id)) throw fieldProblem('agreement_unknown', 'agreement_id')
    if (!mayWriteCommunity(user, agreement.community_id)) throw fieldProblem('patrol_community_not_yours', 'agreement_id', { status: 403 })
    if (!existing && agreement.status !== 'active' && agreement.status !== 'breached')
      throw fieldProblem('compliance_agreement_inactive', 'agreement_id', { status: 422 })
    const members = new Set(parseJson<AgreementParty[]>(agreement.parties, []).map((p) => p.party_id))
    const strangers = data.results.flatMap((r, i) =>
      members.has(r.party_id) ? [] : [{ path: `results.${i}.party_id`, key: 'compliance_party_not_in_agreement' }],
    )
    if (strangers.length) throw fieldsProblem(strangers, { detail: strangers[0]!.key })
    // The time is checked when new or changed (an old check can still be corrected); the position when given.
    await assertPlausible(tx, sd, now, {
      times: !existing || Date.parse(existing.checked_at) !== Date.parse(data.checked_at) ? [{ path: 'checked_at', at: data.checked_at }] : [],
      positions: data.position ? [{ path: 'position', at: data.position }] : [],
    })

    const at = now.toISOString()
    const columns = checkColumns(data)
    let row
    if (existing) {
      row = { ...existing, ...columns, version: Number(existing.version) + 1 }
      await tx
        .updateTable('patrol_compliance_checks')
        .set({ ...columns, version: row.version })
        .where('subdistrict_id', '=', sd)
        .where('id', '=', existing.id)
        .execute()
    } else {
      row = { subdistrict_id: sd, id: m.entity_id, ...columns, community_id: agreement.community_id, inspector_id: user.id, received_at: at, version: 1 }
      await tx.insertInto('patrol_compliance_checks').values(row).execute()
    }

    // A breach flags an agreement in effect; the office decides when it holds again (breached → active).
    if (columns.breach && agreement.status === 'active') {
      const version = Number(agreement.version) + 1
      await tx
        .updateTable('patrol_agreements')
        .set({ status: 'breached', updated_at: at, version })
        .where('subdistrict_id', '=', sd)
        .where('id', '=', agreement.id)
        .execute()
      const names = await userNames(tx, sd, [agreement.created_by])
      const record = agreementOf({ ...agreement, status: 'breached', updated_at: at, version }, names.get(agreement.created_by) ?? '')
      await appendChange(tx, sd, { entity: 'agreement', entity_id: agreement.id, community_id: agreement.community_id, op: 'put', version, record }, now)
    }
    const names = await userNames(tx, sd, [row.inspector_id])
    return { record: checkOf(row, names.get(row.inspector_id) ?? ''), version: row.version, community_id: row.community_id }
  },
}
