// Hooks hotspots and re-checks into patrol's own sync entities without touching their code: the
// `report` and `observation` handlers are re-registered wrapped, so every applied sighting (device
// push, Open311 POST) updates its hotspot incrementally in the same transaction as the sighting.
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { ObservationInput, ReportInput } from '#domain/patrol/report.ts'
import { getEntity, registerEntity, type EntityHandler } from '../../../sync/registry.ts'
// Imported for its side effect: patrol registers its entities first, then this module wraps them.
import '../index.ts'
import { observationSighting, reportSighting } from './sightings.ts'
import { reportColumns } from '../reports/rows.ts'
import { ingestSighting } from './service.ts'
import { closeRechecksBy } from '../rechecks/service.ts'

// A report's first version is exactly its input's columns (rows.ts), so the row is not read back.
async function afterReport(tx: Transaction<DB>, sd: string, id: string, data: ReportInput, at: Date) {
  await ingestSighting(tx, sd, reportSighting({ id, ...reportColumns(data) }), at, null)
}

async function afterObservation(tx: Transaction<DB>, sd: string, id: string, at: Date, userId: string) {
  const o = await tx.selectFrom('patrol_observations').selectAll().where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirstOrThrow()
  const r = await tx
    .selectFrom('patrol_reports')
    .select(['kind', 'address', 'hotspot_id'])
    .where('subdistrict_id', '=', sd)
    .where('id', '=', o.report_id)
    .executeTakeFirstOrThrow()
  await ingestSighting(tx, sd, observationSighting(o, r), at, r.hotspot_id)
  await closeRechecksBy(tx, sd, { report_id: o.report_id, observation_id: o.id, user_id: userId, at })
}

let wrapped = false

/** Idempotent: wraps patrol's handlers once. Only a record's first version is a new sighting. */
export function installHotspotHook(): void {
  if (wrapped) return
  const report = getEntity('report') as EntityHandler<ReportInput> | undefined
  const observation = getEntity('observation') as EntityHandler<ObservationInput> | undefined
  if (!report || !observation) throw new Error('patrol entities must be registered before the hotspot hook')
  registerEntity<ReportInput>({
    ...report,
    async apply(tx, ctx, m) {
      const res = await report.apply(tx, ctx, m)
      if (res.version === 1 && m.op === 'put') await afterReport(tx, ctx.user.subdistrict_id, m.entity_id, m.data, ctx.now)
      return res
    },
  })
  registerEntity<ObservationInput>({
    ...observation,
    async apply(tx, ctx, m) {
      const res = await observation.apply(tx, ctx, m)
      if (res.version === 1) await afterObservation(tx, ctx.user.subdistrict_id, m.entity_id, ctx.now, ctx.user.id)
      return res
    },
  })
  wrapped = true
}
