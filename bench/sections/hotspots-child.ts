// Run as its own process by hotspots.ts (so a slow computation can be stopped): on the bench database,
// time the full recompute, fold every report into hotspots one at a time (the incremental code a push
// runs), then absorb 1 000 new reports into those 100 000. Prints one JSON line per stage as it ends.
import { openDatabase } from '../../api/db/database.ts'
import { uuidv7 } from '#domain/ids.ts'
import { rng, spreadPoints, nearestCommunity, placeName, SD } from '../lib/seed-db.ts'

const url = process.argv[2]!
const NEW = 1000

const { db, close } = openDatabase(url)
try {
  // Dynamic imports: the hotspots issue may not be in the tree; say so instead of failing to load.
  const store = await import('../../api/modules/patrol/hotspots/service.ts').catch(() => null)
  const sightings = await import('../../api/modules/patrol/hotspots/sightings.ts').catch(() => null)
  if (!store || !sightings) throw new Error('api/modules/patrol/hotspots (service.ts, sightings.ts) is not in the tree')

  const emit = (o: Record<string, unknown>) => console.log(JSON.stringify(o))
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('patrol_reports')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('subdistrict_id', '=', SD)
          .executeTakeFirstOrThrow()
      ).n,
    )

  // 1. The full recompute over everything (read every sighting, run the rule in memory), for checks and repair.
  const t0 = performance.now()
  const full = await sightings.recomputeHotspots(db, SD)
  emit({ stage: 'recompute', ms: performance.now() - t0, reports: await count(), sites: full.sites.size })

  // 2. Hotspots for the seeded reports, built like the demo seed does: every sighting in arrival order.
  const all = await sightings.allSightings(db, SD)
  await db.deleteFrom('patrol_hotspots').where('subdistrict_id', '=', SD).execute()
  const t1 = performance.now()
  await db.transaction().execute(async (tx) => {
    for (const s of all) await store.ingestSighting(tx, SD, s, new Date(s.observed_at), null)
  })
  const hotspots = (
    await db
      .selectFrom('patrol_hotspots')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('subdistrict_id', '=', SD)
      .executeTakeFirstOrThrow()
  ).n
  emit({ stage: 'build', ms: performance.now() - t1, reports: all.length, sites: Number(hotspots) })

  // 3. 1 000 new reports arrive, each in its own transaction as a push applies it: insert + incremental update.
  const reporter = (await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('username', '=', 'inspector').executeTakeFirstOrThrow()).id
  const r = rng(77)
  const pts = spreadPoints(NEW, 777)
  const t2 = performance.now()
  for (let i = 0; i < NEW; i++) {
    const p = pts[i]!
    const at = new Date().toISOString()
    const row = {
      subdistrict_id: SD,
      id: uuidv7(),
      community_id: nearestCommunity(p),
      reporter_id: reporter,
      lat: p.lat,
      lng: p.lng,
      accuracy_m: 8,
      position_source: 'gps',
      address: placeName(p),
      kind: 'shared_bike',
      counts: JSON.stringify({ 'bike-a': 1 + Math.floor(r() * 9) }),
      blocked_share: 0.5,
      clear_width_m: 1.2,
      photos: '[]',
      note: '',
      observed_at: at,
      received_at: at,
      updated_at: at,
      status: 'open',
      version: 1,
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('patrol_reports').values(row).execute()
      await store.ingestSighting(tx, SD, sightings.reportSighting(row), new Date(at), null)
    })
  }
  emit({ stage: 'absorb', ms: performance.now() - t2, into: all.length, sites: Number(hotspots) })
} catch (e) {
  console.log(JSON.stringify({ stage: 'error', error: e instanceof Error ? e.message.split('\n')[0] : String(e) }))
} finally {
  await close()
}
