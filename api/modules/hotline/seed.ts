// Demo work orders with generic content: one due within the day, one overdue, two answered (one linked
// to a demo hotspot, with the callback satisfaction), one linked to a counter matter — so the deadline
// list, the counter's view and the figures show something.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import { DEMO_SUBDISTRICT } from '../../db/seed/reference.ts'

const SUB = DEMO_SUBDISTRICT.id
const H = 3_600_000

export async function seedHotline(db: Kysely<DB>, now: Date): Promise<void> {
  const hotspot = await db.selectFrom('patrol_hotspots').select('id').where('subdistrict_id', '=', SUB).orderBy('id').executeTakeFirst()
  const guide = await db.selectFrom('counter_guides').select('id').where('subdistrict_id', '=', SUB).orderBy('code').executeTakeFirst()
  const t = (hours: number) => new Date(now.getTime() + hours * H).toISOString()
  const orders = [
    {
      order_no: 'DEMO-20260001',
      received_at: t(-62),
      deadline_at: t(10),
      category: '市容环境',
      address: '示例小区东门外',
      content: '小区东门外共享单车堆放较多，影响行人通行，希望尽快清理。',
      caller_masked: '138****0001',
    },
    {
      order_no: 'DEMO-20260002',
      received_at: t(-120),
      deadline_at: t(-20),
      category: '噪声扰民',
      address: '示例路与示例街交叉口',
      content: '夜间有施工噪声，影响休息。',
      caller_masked: '139****0002',
    },
    {
      order_no: 'DEMO-20260003',
      received_at: t(-240),
      deadline_at: t(-168),
      category: '市容环境',
      address: '示例地铁站出口',
      content: '地铁站出口非机动车乱停放，盲道被占。',
      caller_masked: null,
      link: hotspot ? { link_kind: 'hotspot', link_id: hotspot.id } : {},
      reply: '已联系运营企业清运车辆并在出口设置停放区，巡查人员每日复查。',
      replied_at: t(-200),
      satisfaction: 'satisfied',
      satisfaction_at: t(-180),
    },
    {
      order_no: 'DEMO-20260004',
      received_at: t(-300),
      deadline_at: t(-228),
      category: '公共设施',
      address: '示例社区活动中心',
      content: '活动中心门口路灯不亮。',
      caller_masked: '010-****0004',
      reply: '已报修，路灯已恢复照明。',
      replied_at: t(-220),
      satisfaction: 'basically_satisfied',
      satisfaction_at: t(-210),
    },
    {
      order_no: 'DEMO-20260005',
      received_at: t(-30),
      deadline_at: t(90),
      category: '政务服务',
      address: '街道政务服务中心',
      content: '咨询办理相关证明需要带哪些材料。',
      caller_masked: '137****0005',
      link: guide ? { link_kind: 'guide', link_id: guide.id } : {},
    },
  ]
  for (const o of orders) {
    const { link, ...rest } = o as typeof o & { link?: { link_kind?: string; link_id?: string } }
    await db
      .insertInto('hotline_work_orders')
      .values({
        subdistrict_id: SUB,
        id: uuidv7(Date.parse(o.received_at)),
        source: 'import',
        link_kind: link?.link_kind ?? null,
        link_id: link?.link_id ?? null,
        reply: '',
        replied_at: null,
        replied_by: null,
        satisfaction: null,
        satisfaction_at: null,
        import_file: '12345-demo.csv',
        created_at: o.received_at,
        created_by: null,
        updated_at: o.received_at,
        ...rest,
      })
      .execute()
  }
}
