// The whole database as Kysely sees it: each module contributes its own table interfaces.
import type { CoreTables } from './tables-core.ts'
import type { SyncTables } from './tables-sync.ts'
import type { MealsTables } from '../modules/meals/tables.ts'
import type { PatrolTables } from '../modules/patrol/tables.ts'
import type { CounterTables } from '../modules/counter/tables.ts'
import type { AgreementTables } from '../modules/patrol/agreements/tables.ts'
import type { HotspotTables } from '../modules/patrol/hotspots/tables.ts'
import type { OperatorTables } from '../modules/patrol/operator-tasks/tables.ts'
import type { AuditTables } from '../audit/tables.ts'
import type { RetentionTables } from '../retention/tables.ts'
import type { PrivacyTables } from '../privacy/tables.ts'
import type { ReferenceLayerTables } from '../modules/reference-layers/tables.ts'
import type { HotlineTables } from '../modules/hotline/tables.ts'
import type { ResidentTables } from '../modules/patrol/residents/tables.ts'

export type DB = CoreTables &
  SyncTables &
  PatrolTables &
  MealsTables &
  CounterTables &
  AgreementTables &
  HotspotTables &
  OperatorTables &
  AuditTables &
  RetentionTables &
  ReferenceLayerTables &
  HotlineTables &
  PrivacyTables &
  ResidentTables
