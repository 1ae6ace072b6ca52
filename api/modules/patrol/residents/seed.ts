// Demo residents' reports: two waiting for the office and one it declined with a reply, so the
// moderation queue and the follow-up page have something to show. No phone numbers, no photos.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import { DEMO_SUBDISTRICT } from '../../../db/seed/reference.ts'

/** Follow-up codes of the demo reports (README): one waiting, one declined. */
export const DEMO_FOLLOW_CODES = { pending: 'DEMQ2-PEND2', rejected: 'DEMQ3-REJCT' } as const

export async function seedResidentReports(db: Kysely<DB>, now: Date): Promise<void> {
  const sd = DEMO_SUBDISTRICT.id
  const coordinator = await db.selectFrom('users').select('id').where('subdistrict_id', '=', sd).where('username', '=', 'coordinator').executeTakeFirst()
  const ago = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString()
  const base = {
    subdistrict_id: sd,
    device_hash: 'demo',
    ip_hash: 'demo',
    accuracy_m: 0,
    position_source: 'map',
    phone: null,
    photo_hash: null,
    anonymised_at: null,
  }
  const none = { decided_at: null, decided_by: null, report_id: null, merged_report_id: null, merged_hotspot_id: null }
  await db
    .insertInto('resident_reports')
    .values([
      {
        ...base,
        ...none,
        id: uuidv7(Date.parse(ago(3))),
        code: DEMO_FOLLOW_CODES.pending,
        community_id: 'jiulongshan',
        lat: 39.89352,
        lng: 116.47391,
        kind: 'shared_bike',
        operator_ids: JSON.stringify(['bike-a', 'bike-b']),
        note: '地铁口盲道上停满了单车',
        observed_at: ago(3.2),
        received_at: ago(3),
        status: 'pending',
        reply: '',
      },
      {
        ...base,
        ...none,
        id: uuidv7(Date.parse(ago(1))),
        code: 'DEMQ4-PEND4',
        community_id: 'jiulongshan',
        lat: 39.89421,
        lng: 116.47201,
        kind: 'stall',
        operator_ids: '[]',
        note: '早点摊占了半条人行道',
        observed_at: ago(1.1),
        received_at: ago(1),
        status: 'pending',
        reply: '',
      },
      {
        ...base,
        ...none,
        id: uuidv7(Date.parse(ago(30))),
        code: DEMO_FOLLOW_CODES.rejected,
        community_id: 'jiulongshan',
        lat: 39.89301,
        lng: 116.47452,
        kind: 'car',
        operator_ids: '[]',
        note: '',
        observed_at: ago(30.5),
        received_at: ago(30),
        status: 'rejected',
        reply: '照片中的车辆停在小区内部道路，不属于人行道，请联系物业。',
        decided_at: ago(26),
        decided_by: coordinator?.id ?? null,
      },
    ])
    .execute()
}
