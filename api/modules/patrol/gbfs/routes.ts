// /gbfs/v3/*: the designated parking zones as a public GBFS v3.0 feed, so operators' apps can steer
// riders to them. No sign-in; only public zone fields; valid against the shipped schemas. Any origin may
// read it (hono/cors); each answer has an ETag (hono/etag) and a conditional request gets 304.
import { cors } from 'hono/cors'
import { etag } from 'hono/etag'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { createRouter } from '../../../http/router.ts'
import { activeZones, publicSubdistrict } from '../zones/service.ts'
import {
  datasetsManifest,
  gbfsManifest,
  geofencingZones,
  stationInformation,
  stationStatus,
  systemInformation,
  vehicleTypes,
  GBFS_TTL,
  type FeedMeta,
} from './service.ts'

export const GBFS_CONTACT = 'gbfs@lastmile.example.cn'

export const gbfsRouter = createRouter()
gbfsRouter.use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }), etag())

/** When a subdistrict's feed data last changed: its newest zone version, else its creation. */
async function lastChange(db: Kysely<DB>, sd: string): Promise<Date> {
  const [zone, sub] = await Promise.all([
    db
      .selectFrom('patrol_zones')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .where('subdistrict_id', '=', sd)
      .executeTakeFirst(),
    db.selectFrom('subdistricts').select('created_at').where('id', '=', sd).executeTakeFirstOrThrow(),
  ])
  const at = zone?.at ? String(zone.at) : undefined
  return new Date(at && at > sub.created_at ? at : sub.created_at)
}

async function meta(c: {
  req: { url: string; query(k: string): string | undefined }
  var: { deps: { db: Kysely<DB>; env: { GBFS_LICENSE_URL: string } } }
}): Promise<FeedMeta | undefined> {
  const asked = c.req.query('subdistrict')
  const sub = await publicSubdistrict(c.var.deps.db, asked)
  if (!sub) return undefined
  const url = new URL(c.req.url)
  return {
    base: `${url.origin}/gbfs/v3`,
    query: asked ? `?subdistrict=${encodeURIComponent(sub.id)}` : '',
    lastUpdated: await lastChange(c.var.deps.db, sub.id),
    subdistrict: { id: sub.id, name: sub.name },
    licenseUrl: c.var.deps.env.GBFS_LICENSE_URL,
  }
}

const feeds: Record<string, (m: FeedMeta, db: Kysely<DB>) => Promise<unknown>> = {
  gbfs: async (m) => gbfsManifest(m),
  system_information: async (m) => systemInformation(m, GBFS_CONTACT),
  vehicle_types: async (m) => vehicleTypes(m),
  station_information: async (m, db) => stationInformation(m, await activeZones(db, m.subdistrict.id)),
  station_status: async (m, db) => stationStatus(m, await activeZones(db, m.subdistrict.id)),
  geofencing_zones: async (m, db) => geofencingZones(m, await activeZones(db, m.subdistrict.id)),
}

// manifest.json: published once more than one subdistrict has active zones (one system needs no index).
gbfsRouter.get('/manifest.json', async (c) => {
  const db = c.var.deps.db
  const publishing = await db
    .selectFrom('patrol_zones')
    .select('subdistrict_id as id')
    .where('status', '=', 'active')
    .where('superseded_by', 'is', null)
    .groupBy('subdistrict_id')
    .orderBy('subdistrict_id')
    .execute()
  if (publishing.length < 2) return c.json({ error: 'one system: see gbfs.json' }, 404)
  const changes = await Promise.all(publishing.map((s) => lastChange(db, s.id)))
  const lastUpdated = new Date(Math.max(...changes.map((d) => d.getTime())))
  c.header('cache-control', `public, max-age=${GBFS_TTL}`)
  return c.json(datasetsManifest({ base: `${new URL(c.req.url).origin}/gbfs/v3`, lastUpdated }, publishing), 200)
})

for (const [name, build] of Object.entries(feeds)) {
  gbfsRouter.get(`/${name}.json`, async (c) => {
    const m = await meta(c)
    if (!m) return c.json({ error: 'unknown subdistrict' }, 404)
    c.header('cache-control', `public, max-age=${GBFS_TTL}`)
    return c.json(await build(m, c.var.deps.db), 200)
  })
}
