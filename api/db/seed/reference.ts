// Reference data every deployment of this office starts with: 双井街道 (朝阳区) and its communities,
// with approximate centres (WGS-84) from public maps.
import type { Kysely } from 'kysely'
import type { DB } from '../schema.ts'

export const DEMO_SUBDISTRICT = { id: 'shuangjing', name: '双井街道', district: '朝阳区', center_lat: 39.8935, center_lng: 116.4645 }

export const DEMO_COMMUNITIES = [
  { id: 'jiulongshan', name: '九龙山社区', center_lat: 39.8935, center_lng: 116.4738 },
  { id: 'maoxing', name: '茂兴社区', center_lat: 39.8962, center_lng: 116.4681 },
  { id: 'jiulongnan', name: '九龙南社区', center_lat: 39.8902, center_lng: 116.4722 },
  { id: 'guangquan', name: '广泉社区', center_lat: 39.8948, center_lng: 116.4597 },
]

/** Metro transfer station 九龙山 (lines 7 and 14), 广渠路 × 西大望路. */
export const JIULONGSHAN_STATION = { lat: 39.892109, lng: 116.471685 }

export async function seedReference(db: Kysely<DB>, now: Date): Promise<void> {
  const exists = await db.selectFrom('subdistricts').select('id').where('id', '=', DEMO_SUBDISTRICT.id).executeTakeFirst()
  if (exists) return
  await db
    .insertInto('subdistricts')
    .values({ ...DEMO_SUBDISTRICT, created_at: now.toISOString() })
    .execute()
  await db
    .insertInto('communities')
    .values(DEMO_COMMUNITIES.map((c) => ({ ...c, subdistrict_id: DEMO_SUBDISTRICT.id })))
    .execute()
}
