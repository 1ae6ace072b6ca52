// Demo data for the lunch program: a dish catalogue, published menus for this and next ISO
// week relative to the seed time, 54 residents, a pickup point in 广泉社区, sales and pickups.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import { businessDate, isoWeekDates, isoWeekOf } from '#domain/time.ts'
import { nextIsoWeek, shanghaiInstant } from '#domain/meals/window.ts'
import { DEFAULT_PRICES, priceDay } from '#domain/meals/pricing.ts'
import { idCheckChar } from '#domain/meals/id-number.ts'
import { DEMO_SUBDISTRICT } from '../../db/seed/reference.ts'
import { CONSENT_INFO, type ConsentKind } from '#domain/privacy.ts'

const SD = DEMO_SUBDISTRICT.id

/** Per category: name, diet tags, allergens. */
const DISHES: Record<string, [string, string[], string[]][]> = {
  meat: [
    ['红烧肉', ['soft'], []],
    ['宫保鸡丁', ['spicy'], ['peanut']],
    ['清蒸鲈鱼', ['low_salt', 'low_fat'], ['fish']],
    ['土豆烧牛肉', ['soft'], []],
    ['京酱肉丝', [], ['soy', 'wheat']],
    ['番茄炖牛腩', ['soft'], []],
    ['烤鸭卷饼', [], ['wheat']],
  ],
  vegetable: [
    ['清炒西兰花', ['low_salt', 'vegetarian'], []],
    ['蒜蓉油麦菜', ['vegetarian'], []],
    ['醋溜白菜', ['vegetarian'], []],
    ['香菇青菜', ['vegetarian', 'low_fat'], []],
    ['家常豆腐', ['soft'], ['soy']],
    ['西红柿炒鸡蛋', ['soft'], ['egg']],
    ['地三鲜', ['vegetarian'], []],
  ],
  side: [
    ['拍黄瓜', ['vegetarian'], []],
    ['凉拌木耳', ['vegetarian', 'low_fat'], []],
    ['酱萝卜', [], ['soy']],
    ['芥菜丝', ['vegetarian'], []],
    ['五香花生', ['vegetarian'], ['peanut']],
  ],
  staple: [
    ['米饭', [], []],
    ['馒头', ['soft'], ['wheat']],
    ['花卷', ['soft'], ['wheat']],
    ['二米饭', ['low_sugar'], []],
  ],
  soup: [
    ['紫菜蛋花汤', ['low_fat'], ['egg', 'seafood']],
    ['小米粥', ['soft', 'low_salt'], []],
    ['冬瓜排骨汤', ['low_salt'], []],
    ['绿豆汤', ['low_sugar'], []],
    ['豆浆', ['low_sugar'], ['soy']],
    ['银耳羹', ['soft'], []],
  ],
}

const NAMES =
  '张桂兰 王淑珍 李秀英 刘玉兰 陈凤英 杨桂芝 赵秀兰 黄淑华 周玉珍 吴秀珍 徐建国 孙志强 胡德明 朱建华 高国庆 林振华 何秀云 郭淑英 马桂英 罗玉梅 梁德胜 宋国华 郑淑芳 谢玉华 韩建民 唐秀芳 冯德福 于桂珍 董文华 萧淑琴 程玉英 曹国强 袁秀兰 邓志刚 许淑珍 傅桂兰 沈德华 曾玉兰 彭建军 吕秀英 苏桂芳 卢振国 蒋淑兰 蔡玉珍 贾德山 丁秀华 魏国栋 薛淑贞 叶桂香 阎志明 余秀琴 潘德林 杜玉芝 戴淑云'.split(
    ' ',
  )
/** Free-text notes and the structured restrictions they amount to (周玉珍 and every twelfth resident after her: peanuts). */
const NOTES: [string, string[]][] = [
  ['', []],
  ['', []],
  ['', []],
  ['低盐', ['low_salt']],
  ['糖尿病，少糖', ['low_sugar']],
  ['牙口不好，菜要软烂', ['soft']],
  ['不吃辣', ['no_spicy']],
  ['', []],
  ['对花生过敏', ['peanut']],
  ['', []],
  ['清真', ['halal']],
  ['低脂', ['low_fat']],
]
const COMMUNITIES = ['guangquan', 'guangquan', 'guangquan', 'maoxing', 'jiulongshan', 'jiulongnan']

/** A small deterministic generator so the demo looks the same on every machine. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export async function seedMeals(db: Kysely<DB>, now: Date): Promise<void> {
  const rand = rng(20260913)
  const at = now.toISOString()
  const ms = now.getTime()
  const meals = await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('username', '=', 'meals').executeTakeFirst()
  const sellerId = meals?.id ?? 'seed'

  const dishIds: Record<string, string[]> = {}
  for (const [category, list] of Object.entries(DISHES)) {
    dishIds[category] = []
    for (const [name, tags, allergens] of list) {
      const id = uuidv7(ms)
      dishIds[category]!.push(id)
      await db
        .insertInto('meal_dishes')
        .values({ subdistrict_id: SD, id, name, category, tags: JSON.stringify(tags), allergens: JSON.stringify(allergens), active: 1, created_at: at })
        .execute()
    }
  }

  const thisWeek = isoWeekOf(businessDate(now))
  const weeks = [thisWeek, nextIsoWeek(thisWeek)]
  for (const [w, week] of weeks.entries()) {
    await db.insertInto('meal_menus').values({ subdistrict_id: SD, week, status: 'published', published_at: at, version: 2, updated_at: at }).execute()
    await db
      .insertInto('meal_prices')
      .values({ subdistrict_id: SD, week, ...DEFAULT_PRICES, updated_at: at })
      .execute()
    for (const [i, date] of isoWeekDates(week)!.entries()) {
      const pick = (c: string, k: number) => dishIds[c]![(i + k + w * 3) % dishIds[c]!.length]!
      const closed = i === 6
      await db
        .insertInto('meal_menu_days')
        .values({
          subdistrict_id: SD,
          date,
          week,
          closed: closed ? 1 : 0,
          closed_reason: closed ? '周日休息' : null,
          meat_id: closed ? null : pick('meat', 0),
          vegetable_id: closed ? null : pick('vegetable', 2),
          side_id: closed ? null : pick('side', 1),
          staple_id: closed ? null : pick('staple', 0),
          soup_id: closed ? null : pick('soup', 3),
        })
        .execute()
    }
  }

  const pointId = uuidv7(ms)
  await db
    .insertInto('meal_pickup_points')
    .values({
      subdistrict_id: SD,
      id: pointId,
      name: '广泉社区老年餐取餐点',
      community_id: 'guangquan',
      address: '广泉小区 3 号楼南侧社区活动室',
      opens_time: '11:00',
      closes_time: '12:30',
      active: 1,
    })
    .execute()

  const subscribers = NAMES.map((name, i) => {
    const birthYear = 1938 + Math.floor(rand() * 20)
    const birth = `${birthYear}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
    const first17 = `110105${birth.replaceAll('-', '')}${String(100 + i).slice(-3)}`
    return {
      subdistrict_id: SD,
      id: uuidv7(ms),
      name,
      phone: `13${5 + (i % 5)}${String(10_000_000 + Math.floor(rand() * 89_999_999)).slice(0, 8)}`,
      community_id: COMMUNITIES[i % COMMUNITIES.length]!,
      building: `${1 + (i % 9)}号楼${1 + (i % 3)}单元`,
      dietary_notes: NOTES[i % NOTES.length]![0],
      dietary_restrictions: JSON.stringify(NOTES[i % NOTES.length]![1]),
      birth_date: i % 3 === 0 ? null : birth,
      id_number: i % 4 === 0 ? `${first17}${idCheckChar(first17)}` : null,
      active: 1,
      created_at: at,
      updated_at: at,
    }
  })
  await db.insertInto('meal_subscribers').values(subscribers).execute()

  // Every demo resident's consent was recorded at registration by the meals staff: the service, and
  // health data or the ID number separately where the record holds them.
  const staff = await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('username', '=', 'meals').executeTakeFirst()
  const consent = (subject_id: string, kind: ConsentKind) => ({
    subdistrict_id: SD,
    id: uuidv7(ms),
    subject: 'meal_subscriber',
    subject_id,
    kind,
    purposes: JSON.stringify(CONSENT_INFO[kind].purposes),
    granted_at: at,
    explained_by: staff?.id ?? null,
    withdrawn_at: null,
    withdrawn_by: null,
  })
  const consents = subscribers.flatMap((s) => [
    consent(s.id, 'meals_service'),
    ...(s.dietary_notes || s.dietary_restrictions !== '[]' ? [consent(s.id, 'meals_health')] : []),
    ...(s.id_number ? [consent(s.id, 'meals_id_number')] : []),
  ])
  for (let i = 0; i < consents.length; i += 50)
    await db
      .insertInto('resident_consents')
      .values(consents.slice(i, i + 50))
      .execute()

  // Most residents bought this week's tickets last week; about half have bought next week's already.
  const today = businessDate(now)
  for (const [w, week] of weeks.entries()) {
    const dates = isoWeekDates(week)!.slice(0, 6)
    for (const [i, s] of subscribers.entries()) {
      if (w === 1 && i % 2 === 1) continue
      if (w === 0 && i % 9 === 8) continue
      const id = uuidv7(ms)
      const lines = dates
        .filter((_, d) => (i + d) % 5 !== 0)
        .map((date, d) => {
          const o =
            (i + d) % 3 === 0
              ? { sets: 0, boxes: 1, rice: 1, buns: 0, soups: 0 }
              : (i + d) % 7 === 0
                ? { sets: 0, boxes: 1, rice: 0, buns: 2, soups: 1 }
                : { sets: 1, boxes: 0, rice: 0, buns: 0, soups: 0 }
          return { subdistrict_id: SD, sale_id: id, date, ...o, fen: priceDay(o, DEFAULT_PRICES) }
        })
      const total = lines.reduce((t, l) => t + l.fen, 0)
      // Two cases the weekly reconciliation should surface: a resident who still owes 10 yuan, and a voided sale.
      const owes = w === 0 && i === 5
      const voided = w === 1 && i === 8
      await db
        .insertInto('meal_sales')
        .values({
          subdistrict_id: SD,
          id,
          subscriber_id: s.id,
          week,
          total_fen: total,
          paid_fen: owes ? total - 1000 : total,
          payment_method: i % 3 === 0 ? 'cash' : 'mobile',
          note: owes ? '现金不够，下次补 10 元' : '',
          status: voided ? 'void' : 'active',
          void_reason: voided ? '老人住院，家属来退票' : null,
          voided_at: voided ? at : null,
          voided_by: voided ? sellerId : null,
          refund_fen: voided ? total : 0,
          sold_by: sellerId,
          created_at: at,
          client_time: null,
          version: voided ? 2 : 1,
        })
        .execute()
      await db.insertInto('meal_sale_lines').values(lines).execute()
      // Pickups for the days of this week that are already over (a few no-shows).
      for (const l of lines) {
        if (voided || l.date >= today || i % 11 === 3) continue
        const pickedAt = shanghaiInstant(l.date, `11:${String(5 + Math.floor(rand() * 50)).padStart(2, '0')}`).toISOString()
        await db
          .insertInto('meal_pickups')
          .values({
            subdistrict_id: SD,
            date: l.date,
            subscriber_id: s.id,
            id: uuidv7(ms),
            picked: 1,
            picked_at: pickedAt,
            pickup_point_id: pointId,
            by_user_id: sellerId,
            client_time: pickedAt,
            updated_at: pickedAt,
            version: 1,
          })
          .execute()
      }
    }
  }
}
