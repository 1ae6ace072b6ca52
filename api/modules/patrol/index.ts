// The patrol module: sidewalk obstructions reported on patrol (offline), hotspots and the office's
// review, agreements with operators, parking zones, and the Open311 and GBFS feeds.
import type { ServerModule } from '../module.ts'
import { PATROL_DICTIONARY } from '#domain/messages.ts'
import { observationEntity, reportEntity, reportsRouter, seedPatrol } from './reports/index.ts'
import { operatorsRouter } from './operators/index.ts'
import { hotspotsRouter, keepMapTables, seedHotspots } from './hotspots/index.ts'
import { workflowRouter } from './workflow/index.ts'
import { recheckEntity } from './rechecks/index.ts'
import { open311Router } from './open311/index.ts'
import { open311KeysRouter } from './open311-keys/index.ts'
import { exportsRouter } from './exports/index.ts'
import { partiesRouter } from './parties/index.ts'
import { agreementEntity, agreementsRouter, seedAgreements } from './agreements/index.ts'
import { complianceEntity } from './compliance/index.ts'
import { zonesRouter } from './zones/index.ts'
import { gbfsRouter } from './gbfs/index.ts'
import { residentReportsRetention, residentsRouter, seedResidentReports } from './residents/index.ts'
import { open311Document } from './open311/openapi.ts'
import { gbfsDocument } from './gbfs/openapi.ts'
import { clearingEntity, operatorMayReadMedia, operatorTasksRouter, processDeliveries, seedOperatorTasks } from './operator-tasks/index.ts'

export const patrolModule: ServerModule = {
  name: 'patrol',
  routes: [
    { path: '/api/patrol', router: reportsRouter },
    { path: '/api/patrol', router: operatorsRouter },
    { path: '/api/patrol/hotspots', router: hotspotsRouter },
    { path: '/api/patrol/review', router: workflowRouter },
    { path: '/api/patrol/open311-keys', router: open311KeysRouter },
    { path: '/api/patrol/exports', router: exportsRouter },
    { path: '/api/patrol/parties', router: partiesRouter },
    { path: '/api/patrol/agreements', router: agreementsRouter },
    { path: '/api/patrol/zones', router: zonesRouter },
    { path: '/api/patrol/residents', router: residentsRouter },
    { path: '/api/patrol', router: operatorTasksRouter },
    { path: '/open311/v2', router: open311Router },
    { path: '/gbfs/v3', router: gbfsRouter },
  ],
  entities: [reportEntity, observationEntity, recheckEntity, agreementEntity, complianceEntity, clearingEntity],
  messages: PATROL_DICTIONARY,
  // Hotspots fold the seeded reports in arrival order; agreements link to both.
  seed: { demo: [seedPatrol, seedHotspots, seedAgreements, seedResidentReports, seedOperatorTasks] },
  documents: [open311Document, gbfsDocument],
  retention: [residentReportsRetention],
  mediaAccess: operatorMayReadMedia,
  // Webhook deliveries wait in a table; due ones go out every 15 s, failures come back with back-off.
  // The coordinator's map tables: built in the background from the start (not by the first tile request),
  // then folded up to the change log every few seconds.
  jobs: [
    { name: 'webhook-deliveries', everyMs: 15_000, run: (deps) => processDeliveries(deps.db, deps.now()) },
    { name: 'map-tables', everyMs: 5_000, atStart: true, run: (deps) => keepMapTables(deps.db) },
  ],
}
