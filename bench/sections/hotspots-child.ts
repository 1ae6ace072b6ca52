// Run as its own process by hotspots.ts (so a slow computation can be stopped): on the bench database,
// fold every report into hotspots one at a time (the incremental code a push runs), absorb 1 000 new
// reports into those 100 000, and time the full recompute. Prints one JSON line with the timings.
import { openDatabase } from '../../api/db/database.ts'
import { uuidv7 } from '../../api/domain/ids.ts'
import { rng, spreadPoints, nearestCommunity, SD } from '../lib/seed-db.ts'

const url = process.argv[2]!
const NEW = 1000

const { db, close } = openDatabase(url)
try {
  // Dynamic imports: the hotspots issue may not be in the tree; say so instead of failing to load.
  const store = await import('../../api/modules/patrol/hotspots/store.ts').catch(() => null)
  const sightings = await import('../../api/modules/patrol/hotspots/sightings.ts').catch(() => null)
  if (!store || !sightings) throw new Error('api/modules/patrol/hotspots (store.ts, sightings.ts) is not in the tree')

  // 1. Hotspots for the seeded reports, built like the demo seed does: every sighting in arrival order.
  const all = await sightings.allSightings(db, SD)
  await db.deleteFrom('patrol_hotspots').where('subdistrict_id', '=', SD).execute()
  const t0 = performance.now()
  await db.transaction().execute(async (tx) => {
    for (const s of all) await store.ingestSighting(tx, SD, s, new Date(s.observed_at), null)
  })
  const buildMs = performance.now() - t0
  const hotspots = (await db.selectFrom('patrol_hotspots').select((e) => e.fn.countAll<number>().as('n')).where('subdistrict_id', '=', SD).executeTakeFirstOrThrow()).n

  // 2. 1 000 new reports arrive, each in its own transaction as a push applies it: insert + incremental update.
  const reporter = (await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('username', '=', 'inspector').executeTakeFirstOrThrow()).id
  const r = rng(77)
  const pts = spreadPoints(NEW, 777)
  const t1 = performance.now()
  for (let i = 0; i < NEW; i++) {
    const p = pts[i]!
    const at = new Date().toISOString()
    const row = {
      subdistrict_id: SD, id: uuidv7(), community_id: nearestCommunity(p), reporter_id: reporter, lat: p.lat, lng: p.lng, accuracy_m: 8, position_source: 'gps',
      address: `新上报 ${i}`, kind: 'shared_bike', counts: JSON.stringify({ 'bike-a': 1 + Math.floor(r() * 9) }), blocked_share: 0.5, clear_width_m: 1.2,
      photos: '[]', note: '', observed_at: at, received_at: at, updated_at: at, status: 'open', version: 1,
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('patrol_reports').values(row).execute()
      await store.ingestSighting(tx, SD, sightings.reportSighting(row), new Date(at), null)
    })
  }
  const absorbMs = performance.now() - t1

  // 3. The full recompute over everything (read every sighting, run the rule), for checks and repair.
  const t2 = performance.now()
  const full = await sightings.recomputeHotspots(db, SD)
  const recomputeMs = performance.now() - t2
  const total = (await db.selectFrom('patrol_reports').select((e) => e.fn.countAll<number>().as('n')).where('subdistrict_id', '=', SD).executeTakeFirstOrThrow()).n
  console.log(JSON.stringify({ ok: true, reports: Number(total), seeded: all.length, buildMs, hotspots: Number(hotspots), absorbMs, recomputeMs, recomputedSites: full.sites.size }))
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: e instanceof Error ? e.message.split('\n')[0] : String(e) }))
} finally {
  await close()
}
