// /gbfs/v3/*: the designated parking zones as a public GBFS v3.0 feed, so operators'
// apps can steer riders to them. No sign-in; only public zone fields; valid against the shipped schemas.
import { createRouter } from '../../../http/router.ts'
import { activeZones, publicSubdistrict } from '../zones/service.ts'
import { gbfsManifest, geofencingZones, stationInformation, stationStatus, systemInformation, vehicleTypes, GBFS_TTL, type FeedMeta } from './service.ts'

export const GBFS_CONTACT = 'gbfs@lastmile.example.cn'

export const gbfsRouter = createRouter()

async function meta(c: {
  req: { url: string; query(k: string): string | undefined }
  var: { deps: { db: Parameters<typeof publicSubdistrict>[0]; now(): Date } }
}): Promise<FeedMeta | undefined> {
  const sub = await publicSubdistrict(c.var.deps.db, c.req.query('subdistrict'))
  if (!sub) return undefined
  const url = new URL(c.req.url)
  return { base: `${url.origin}/gbfs/v3`, now: c.var.deps.now(), subdistrict: { id: sub.id, name: sub.name } }
}

const feeds: Record<string, (m: FeedMeta, db: Parameters<typeof activeZones>[0]) => Promise<unknown>> = {
  gbfs: async (m) => gbfsManifest(m),
  system_information: async (m) => systemInformation(m, GBFS_CONTACT),
  vehicle_types: async (m) => vehicleTypes(m),
  station_information: async (m, db) => stationInformation(m, await activeZones(db, m.subdistrict.id)),
  station_status: async (m, db) => stationStatus(m, await activeZones(db, m.subdistrict.id)),
  geofencing_zones: async (m, db) => geofencingZones(m, await activeZones(db, m.subdistrict.id)),
}

for (const [name, build] of Object.entries(feeds)) {
  gbfsRouter.get(`/${name}.json`, async (c) => {
    const m = await meta(c)
    if (!m) return c.json({ error: 'unknown subdistrict' }, 404)
    c.header('cache-control', `public, max-age=${GBFS_TTL}`)
    c.header('access-control-allow-origin', '*')
    return c.json(await build(m, c.var.deps.db), 200)
  })
}
