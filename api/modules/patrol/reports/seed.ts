// Demo patrol data: four weeks of obstruction reports and repeat sightings around 九龙山站 (广渠路 ×
// 西大望路) and the 外企大厦 pavement, peaking in the morning and evening rush, logged for device pull.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import { reportOf, observationOf } from './rows.ts'
import { seedOperators } from '../operators/service.ts'
import { appendChange } from '../../../sync/change-log.ts'
import { DEMO_SUBDISTRICT } from '../../../db/seed/reference.ts'
import { businessDate } from '#domain/time.ts'

interface Place {
  address: string
  lat: number
  lng: number
  community_id: string
  kind: 'shared_bike' | 'delivery_ebike' | 'private_ebike' | 'car' | 'stall' | 'debris' | 'other'
  reporter: 'inspector' | 'inspector2'
  /** Typical vehicles per operator at the worst moment; sightings vary around it. */
  load: Record<string, number>
  share: number
  sightings: number
  /**
   * The pavements of the demo agreement (agreements/seed.ts): sighted over eight weeks, fuller and
   * more blocked before it took effect, emptier after — enough for its before/after comparison.
   */
  agreed?: { share: number; load: number }
}

/** Days before the seed's now that the demo 外企大厦 agreement took effect. */
export const DEMO_AGREEMENT_DAYS_AGO = 21
/** Its effective date (the Beijing date of the day it was signed, as agreements/seed.ts writes it) as an instant. */
export const demoAgreementSignedAt = (now: Date) => new Date(Math.floor(now.getTime() / 86_400_000 - DEMO_AGREEMENT_DAYS_AGO) * 86_400_000 + 6 * 3_600_000)
const demoAgreementEffective = (now: Date) => Date.parse(`${businessDate(demoAgreementSignedAt(now))}T00:00:00+08:00`)
const AGREED_SPAN_DAYS = 56

const PLACES: Place[] = [
  {
    address: '外企大厦门前人行道（广渠路北侧）',
    lat: 39.89238,
    lng: 116.47121,
    community_id: 'jiulongnan',
    kind: 'shared_bike',
    reporter: 'inspector',
    load: { 'bike-a': 28, 'bike-b': 19, 'bike-c': 9 },
    share: 2 / 3,
    sightings: 40,
    agreed: { share: 1 / 3, load: 0.3 },
  },
  {
    address: '外企大厦东侧路口快餐店门前',
    lat: 39.89226,
    lng: 116.47168,
    community_id: 'jiulongnan',
    kind: 'delivery_ebike',
    reporter: 'inspector',
    load: { 'delivery-jia': 14, 'delivery-yi': 8 },
    share: 1 / 2,
    sightings: 24,
    agreed: { share: 1 / 3, load: 0.3 },
  },
  {
    address: '九龙山站 A 口（广渠路北）',
    lat: 39.89252,
    lng: 116.47215,
    community_id: 'jiulongshan',
    kind: 'shared_bike',
    reporter: 'inspector',
    load: { 'bike-a': 35, 'bike-b': 22, 'bike-c': 12 },
    share: 2 / 3,
    sightings: 8,
  },
  {
    address: '九龙山站 D 口（西大望路西侧）',
    lat: 39.89152,
    lng: 116.47118,
    community_id: 'jiulongnan',
    kind: 'shared_bike',
    reporter: 'inspector',
    load: { 'bike-a': 16, 'bike-b': 11 },
    share: 1 / 3,
    sightings: 6,
  },
  {
    address: '广渠路 × 西大望路 西北角盲道',
    lat: 39.89221,
    lng: 116.47089,
    community_id: 'jiulongnan',
    kind: 'private_ebike',
    reporter: 'inspector',
    load: { other: 6 },
    share: 1 / 2,
    sightings: 4,
  },
  {
    address: '西大望路东侧便利店门口',
    lat: 39.89405,
    lng: 116.47204,
    community_id: 'jiulongshan',
    kind: 'delivery_ebike',
    reporter: 'inspector',
    load: { 'delivery-jia': 6, 'delivery-yi': 5 },
    share: 1 / 3,
    sightings: 4,
  },
  {
    address: '九龙山社区南门人行道',
    lat: 39.89461,
    lng: 116.47402,
    community_id: 'jiulongshan',
    kind: 'stall',
    reporter: 'inspector',
    load: {},
    share: 1 / 3,
    sightings: 2,
  },
  {
    address: '九龙南社区 2 号楼旁消防通道',
    lat: 39.89012,
    lng: 116.47265,
    community_id: 'jiulongnan',
    kind: 'car',
    reporter: 'inspector',
    load: { other: 2 },
    share: 1,
    sightings: 3,
  },
  {
    address: '广渠路辅路公交站台后',
    lat: 39.89198,
    lng: 116.47342,
    community_id: 'jiulongnan',
    kind: 'debris',
    reporter: 'inspector',
    load: {},
    share: 1 / 3,
    sightings: 1,
  },
  {
    address: '广泉社区西门外人行道',
    lat: 39.8951,
    lng: 116.4592,
    community_id: 'guangquan',
    kind: 'shared_bike',
    reporter: 'inspector2',
    load: { 'bike-a': 12, 'bike-c': 7 },
    share: 1 / 2,
    sightings: 5,
  },
  {
    address: '广泉社区菜市场入口',
    lat: 39.8943,
    lng: 116.4604,
    community_id: 'guangquan',
    kind: 'delivery_ebike',
    reporter: 'inspector2',
    load: { 'delivery-jia': 5, 'delivery-yi': 4 },
    share: 1 / 3,
    sightings: 3,
  },
]

/** Deterministic pseudo-random numbers so every demo database is the same. */
function prng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** An instant `daysAgo` days before now at a rush-hour minute (Beijing time), never in the future. */
function rushInstant(now: Date, daysAgo: number, rnd: () => number): Date {
  const r = rnd()
  // Beijing 07:30–09:30 (morning), 17:30–19:30 (evening), else midday 11:30–13:30.
  const startMin = r < 0.5 ? 7.5 * 60 : r < 0.85 ? 17.5 * 60 : 11.5 * 60
  const minute = startMin + Math.floor(rnd() * 120)
  const day = new Date(now.getTime() - daysAgo * 86_400_000)
  const beijingMidnightUtc = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - 8 * 3_600_000
  const t = new Date(beijingMidnightUtc + minute * 60_000)
  return t > now ? new Date(t.getTime() - 86_400_000) : t
}

export async function seedPatrol(db: Kysely<DB>, now: Date): Promise<void> {
  const sd = DEMO_SUBDISTRICT.id
  await seedOperators(db, sd)
  const users = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('subdistrict_id', '=', sd).execute()
  const byName = new Map(users.map((u) => [u.username, u]))
  const rnd = prng(20261201)
  const jitter = () => (rnd() - 0.5) * 0.00008 // ≈ ±4 m

  await db.transaction().execute(async (tx) => {
    for (const place of PLACES) {
      const reporter = byName.get(place.reporter)
      if (!reporter) continue
      const span = place.agreed ? AGREED_SPAN_DAYS : 27
      const days = Array.from({ length: place.sightings }, () => 1 + Math.floor(rnd() * span)).sort((a, b) => b - a)
      const times = days.map((d) => rushInstant(now, d, rnd)).sort((a, b) => a.getTime() - b.getTime())
      const sighting = (t: Date) => {
        const after = place.agreed && t.getTime() >= demoAgreementEffective(now) ? place.agreed : null
        // Before it, some sightings a step worse than typical, so that side has a spread.
        const share = after ? after.share : Math.min(1, place.share + (place.agreed && rnd() < 0.3 ? 1 / 3 : 0))
        const load = after?.load ?? 1
        return {
          lat: place.lat + jitter(),
          lng: place.lng + jitter(),
          accuracy_m: Math.round(4 + rnd() * 18),
          position_source: rnd() < 0.85 ? 'gps' : 'map',
          counts: JSON.stringify(Object.fromEntries(Object.entries(place.load).map(([k, n]) => [k, Math.max(0, Math.round(n * load * (0.5 + rnd() * 0.7)))]))),
          blocked_share: share,
          clear_width_m: share >= 1 ? 0 : Math.round((1 - share) * 30) / 10,
          photos: '[]',
          note: '',
          observed_at: t.toISOString(),
          received_at: new Date(t.getTime() + 60_000 + Math.floor(rnd() * 600_000)).toISOString(),
          version: 1,
        }
      }
      const [first, ...rest] = times
      const base = sighting(first!)
      const report = {
        subdistrict_id: sd,
        id: uuidv7(first!.getTime()),
        community_id: place.community_id,
        reporter_id: reporter.id,
        address: place.address,
        kind: place.kind,
        ...base,
        note: (base.blocked_share ?? 0) >= 2 / 3 ? '人行道大部分被占，行人走到机动车道' : '',
        updated_at: base.received_at,
        status: 'open',
      }
      await tx.insertInto('patrol_reports').values(report).execute()
      await appendChange(
        tx,
        sd,
        { entity: 'report', entity_id: report.id, community_id: report.community_id, op: 'put', version: 1, record: reportOf(report, reporter.display_name) },
        new Date(report.received_at),
      )
      for (const t of rest) {
        const obs = {
          subdistrict_id: sd,
          id: uuidv7(t.getTime()),
          report_id: report.id,
          community_id: place.community_id,
          reporter_id: reporter.id,
          ...sighting(t),
        }
        await tx.insertInto('patrol_observations').values(obs).execute()
        await appendChange(
          tx,
          sd,
          {
            entity: 'observation',
            entity_id: obs.id,
            community_id: obs.community_id,
            op: 'put',
            version: 1,
            record: observationOf(obs, reporter.display_name),
          },
          new Date(obs.received_at),
        )
      }
    }
  })
}
