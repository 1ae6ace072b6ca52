// Numbered, forward-only migrations, listed statically so a bundled server needs no directory scan.
// Numbers are claimed per module: 0001 core, 0002 patrol, 0003 meals, 0004 counter; later ones follow.
import type { Migration } from 'kysely'
import * as m0001 from './0001_core.ts'
import * as m0002 from './0002_sync.ts'
import * as m0003 from './0003_meals.ts'
import * as m0004 from './0004_counter.ts'
import * as m0005 from './0005_patrol.ts'
import * as m0007 from './0007_hotspots.ts'
import * as m0008 from './0008_agreements.ts'
import * as m0009 from './0009_audit.ts'
import * as m0010 from './0010_totp.ts'
import * as m0011 from './0011_retention.ts'
import * as m0012 from './0012_reference_layers.ts'
import * as m0013 from './0013_meals_diets.ts'
import * as m0014 from './0014_accounts.ts'
import * as m0015 from './0015_open311_intake.ts'
import * as m0016 from './0016_create_requests.ts'
import * as m0018 from './0018_patrol_review.ts'
import * as m0019 from './0019_operators.ts'
import * as m0020 from './0020_resident_reports.ts'
import * as m0021 from './0021_hotline.ts'
import * as m0022 from './0022_resident_consents.ts'
import * as m0023 from './0023_map_tiles.ts'
import * as m0024 from './0024_map_build.ts'
import * as m0027 from './0027_map_morton.ts'
import * as m0028 from './0028_reports_viewport_index.ts'
import * as m0029 from './0029_counter_lock_sites.ts'
import * as m0030 from './0030_map_closest_cells.ts'
import * as m0031 from './0031_counter_lock_check.ts'
import * as m0032 from './0032_meals_public_stamp.ts'

export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_sync': m0002,
  '0003_meals': m0003,
  '0004_counter': m0004,
  '0005_patrol': m0005,
  '0007_hotspots': m0007,
  '0008_agreements': m0008,
  '0009_audit': m0009,
  '0010_totp': m0010,
  '0011_retention': m0011,
  '0012_reference_layers': m0012,
  '0013_meals_diets': m0013,
  '0014_accounts': m0014,
  '0015_open311_intake': m0015,
  '0016_create_requests': m0016,
  '0018_patrol_review': m0018,
  '0019_operators': m0019,
  '0020_resident_reports': m0020,
  '0021_hotline': m0021,
  '0022_resident_consents': m0022,
  '0023_map_tiles': m0023,
  '0024_map_build': m0024,
  '0027_map_morton': m0027,
  '0028_reports_viewport_index': m0028,
  '0029_counter_lock_sites': m0029,
  '0030_map_closest_cells': m0030,
  '0031_counter_lock_check': m0031,
  '0032_meals_public_stamp': m0032,
}
