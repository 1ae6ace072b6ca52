// Demo data for agreements: the 外企大厦 agreement (property management, the corner restaurant, bike-share
// operators A/B/C, the community office), weeks of compliance checks, and zones near 九龙山站.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import { boundingBox } from '#domain/geo.ts'
import { addDays, businessDate } from '#domain/time.ts'
import { closeRing, type LngLat } from '#domain/geo-polygon.ts'
import { checkScore, type Outcome } from '#domain/patrol/compliance.ts'
import { zoneShape } from '#domain/patrol/zones.ts'
import { DEMO_SUBDISTRICT } from '../../../db/seed/reference.ts'
import { followAgreements } from './hotspot-status.ts'
import { demoAgreementSignedAt } from '../reports/seed.ts'

const SD = DEMO_SUBDISTRICT.id
const DAY = 86_400_000

export const DEMO_PARTIES = [
  {
    key: 'property',
    name: '外企大厦物业',
    kind: 'property',
    operator_id: null,
    contacts: [
      { name: '张经理', title: '物业经理', phone: '13810012345' },
      { name: '物业值班室', title: '', phone: '01065432100' },
    ],
  },
  { key: 'merchant', name: '路口快餐店', kind: 'merchant', operator_id: null, contacts: [{ name: '刘店长', title: '店长', phone: '13901234567' }] },
  { key: 'bike-a', name: '单车A', kind: 'bike_operator', operator_id: 'bike-a', contacts: [{ name: '陈运维', title: '区域运维', phone: '15012345678' }] },
  { key: 'bike-b', name: '单车B', kind: 'bike_operator', operator_id: 'bike-b', contacts: [{ name: '黄运维', title: '区域运维', phone: '18612345678' }] },
  { key: 'bike-c', name: '单车C', kind: 'bike_operator', operator_id: 'bike-c', contacts: [{ name: '吴运维', title: '区域运维', phone: '17712345678' }] },
  {
    key: 'community',
    name: '九龙南社区居委会',
    kind: 'community_office',
    operator_id: null,
    contacts: [{ name: '社区办公室', title: '', phone: '01087654321' }],
  },
] as const

/** Small rectangles (metres) anchored at a south-west corner. */
function rect(lat: number, lng: number, eastM: number, northM: number): { type: 'Polygon'; coordinates: LngLat[][] } {
  const dLat = northM / 110_574
  const dLng = eastM / (111_320 * Math.cos((lat * Math.PI) / 180))
  return {
    type: 'Polygon',
    coordinates: [
      closeRing([
        [lng, lat],
        [lng + dLng, lat],
        [lng + dLng, lat + dLat],
        [lng, lat + dLat],
      ]),
    ],
  }
}

export async function seedAgreements(db: Kysely<DB>, now: Date): Promise<void> {
  const at = (daysAgo: number, hourUtc = 1) => new Date(Math.floor(now.getTime() / DAY) * DAY - daysAgo * DAY + hourUtc * 3_600_000).toISOString()
  const coordinator = await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('username', '=', 'coordinator').executeTakeFirstOrThrow()
  const inspector = await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('username', '=', 'inspector').executeTakeFirstOrThrow()

  const ids: Record<string, string> = {}
  for (const p of DEMO_PARTIES) {
    ids[p.key] = uuidv7()
    await db
      .insertInto('patrol_parties')
      .values({
        subdistrict_id: SD,
        id: ids[p.key]!,
        name: p.name,
        kind: p.kind,
        operator_id: p.operator_id,
        contacts: JSON.stringify(p.contacts),
        note: '',
        created_at: at(30),
        updated_at: at(30),
        version: 1,
      })
      .execute()
  }

  const reports = await db.selectFrom('patrol_reports').select('id').where('subdistrict_id', '=', SD).where('address', 'like', '外企大厦%').execute()
  // The hotspots formed on that pavement, when that module seeded them first.
  const near = boundingBox({ lat: 39.89238, lng: 116.47121 }, 80)
  const hotspots = await db
    .selectFrom('patrol_hotspots')
    .select('id')
    .where('subdistrict_id', '=', SD)
    .where('formed', '=', 1)
    .where('lat', '>=', near.minLat)
    .where('lat', '<=', near.maxLat)
    .where('lng', '>=', near.minLng)
    .where('lng', '<=', near.maxLng)
    .execute()
  const agreementId = uuidv7()
  const signedAt = demoAgreementSignedAt(now).toISOString()
  const witness = { kind: 'verbal', witness: '九龙南社区 社区工作人员', signed_at: signedAt }
  const partyKeys = ['property', 'merchant', 'bike-a', 'bike-b', 'bike-c'] as const
  const commitments = [
    { party_id: ids.property, text: '开放大厦楼下门洞，划线供非机动车停放' },
    { party_id: ids.merchant, text: '骑手电动车一律停入门洞，不占人行道' },
    { party_id: ids['bike-a'], text: '每天 9:00 前和 18:00 前各清运一次门前多余车辆' },
    { party_id: ids['bike-b'], text: '每天 9:00 前清运门前多余车辆' },
    { party_id: ids['bike-c'], text: '每天 9:00 前清运门前多余车辆' },
  ]
  await db
    .insertInto('patrol_agreements')
    .values({
      subdistrict_id: SD,
      id: agreementId,
      community_id: 'jiulongnan',
      title: '外企大厦门前车辆停放多方协议',
      status: 'active',
      lat: 39.89238,
      lng: 116.47121,
      address: '广渠路与西大望路交叉口 外企大厦门前人行道',
      measure: '共享单车和送餐电动车统一停放到外企大厦楼下门洞内，人行道保持畅通。',
      effective_date: businessDate(new Date(signedAt)),
      review_date: addDays(businessDate(now), 7),
      hotspot_ids: JSON.stringify(hotspots.map((h) => h.id)),
      report_ids: JSON.stringify(reports.map((r) => r.id)),
      parties: JSON.stringify(
        partyKeys.map((k) => ({ party_id: ids[k], representative: DEMO_PARTIES.find((p) => p.key === k)!.contacts[0].name, signature: witness })),
      ),
      commitments: JSON.stringify(commitments),
      photos: '[]',
      note: '九龙南社区组织多方协商后达成。',
      created_by: coordinator.id,
      created_at: signedAt,
      updated_at: signedAt,
      version: 1,
    })
    .execute()

  await followAgreements(
    db,
    { subdistrict_id: SD, id: coordinator.id },
    hotspots.map((h) => h.id),
    new Date(signedAt),
  )

  // Three weeks of checks: a breach by 单车B in the first week, then mostly kept.
  const plan: [number, Outcome[]][] = [
    [19, ['complied', 'partly', 'complied', 'breached', 'partly']],
    [16, ['complied', 'complied', 'complied', 'partly', 'complied']],
    [12, ['complied', 'partly', 'complied', 'complied', 'complied']],
    [9, ['complied', 'complied', 'complied', 'complied', 'partly']],
    [5, ['complied', 'complied', 'partly', 'complied', 'complied']],
    [2, ['complied', 'complied', 'complied', 'complied', 'complied']],
  ]
  for (const [daysAgo, outcomes] of plan) {
    const results = partyKeys.map((k, i) => ({ party_id: ids[k]!, outcome: outcomes[i]!, note: '', photos: [] }))
    await db
      .insertInto('patrol_compliance_checks')
      .values({
        subdistrict_id: SD,
        id: uuidv7(),
        agreement_id: agreementId,
        community_id: 'jiulongnan',
        inspector_id: inspector.id,
        checked_at: at(daysAgo, 0),
        lat: 39.89236,
        lng: 116.47125,
        accuracy_m: 8,
        results: JSON.stringify(results),
        note: '',
        score: checkScore({ results }),
        breach: outcomes.includes('breached') ? 1 : 0,
        received_at: at(daysAgo, 0),
        version: 1,
      })
      .execute()
  }

  const zones = [
    {
      name: '外企大厦门洞停放区',
      community_id: 'jiulongnan',
      geometry: rect(39.89246, 116.47104, 14, 6),
      capacity: 60,
      kinds: ['bicycle', 'ebike', 'delivery_ebike'],
      ops: ['bike-a', 'bike-b', 'bike-c'],
      hours: '',
      rules: '车头朝内、顺序停放；送餐电动车停靠内侧。',
      type: 'parking_lot',
      status: 'active',
      agreement: agreementId,
    },
    {
      name: '九龙山站 A 口非机动车停放区',
      community_id: 'jiulongshan',
      geometry: rect(39.89262, 116.47226, 18, 4),
      capacity: 40,
      kinds: ['bicycle', 'ebike'],
      ops: [],
      hours: '06:00-23:30',
      rules: '停放在白线框内，不压盲道。',
      type: 'sidewalk_parking',
      status: 'active',
      agreement: null,
    },
    {
      name: '广渠路辅路停放点（规划中）',
      community_id: 'jiulongnan',
      geometry: rect(39.89185, 116.473, 12, 3),
      capacity: 25,
      kinds: ['bicycle'],
      ops: [],
      hours: '',
      rules: '',
      type: 'street_parking',
      status: 'planned',
      agreement: null,
    },
  ]
  for (const z of zones) {
    const id = uuidv7()
    const shape = zoneShape(z.geometry)
    await db
      .insertInto('patrol_zones')
      .values({
        subdistrict_id: SD,
        id,
        lineage_id: id,
        version_no: 1,
        prev_id: null,
        superseded_by: null,
        superseded_at: null,
        community_id: z.community_id,
        name: z.name,
        geometry: JSON.stringify(z.geometry),
        center_lat: shape.center.lat,
        center_lng: shape.center.lng,
        area_m2: shape.area_m2,
        capacity: z.capacity,
        vehicle_kinds: JSON.stringify(z.kinds),
        operator_ids: JSON.stringify(z.ops),
        opening_hours: z.hours,
        rules: z.rules,
        parking_type: z.type,
        status: z.status,
        agreement_id: z.agreement,
        published_at: z.status === 'active' ? at(20) : null,
        created_by: coordinator.id,
        created_at: at(20),
        updated_at: at(20),
      })
      .execute()
  }
}
