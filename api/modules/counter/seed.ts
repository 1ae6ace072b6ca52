// Demo counter data: eleven service guides, seven duty workers (each with their own demo account) and
// their cross-training levels, three desks on an A/B rotation for this week and next (one leave
// clashing with it), and eight weeks of visits with some return trips — so coverage, suggestions and
// measures show something.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import { addDays, businessDate, isoWeekOf, isoWeekStart } from '#domain/time.ts'
import { GuideInput } from '#domain/counter/guides.ts'
import { expandTemplate, type TemplateEntry } from '#domain/counter/roster.ts'
import { maskPhone } from '#domain/counter/visits.ts'
import { DEMO_GUIDES } from './guides/demo-guides.ts'
import { initialsOf } from './guides/pinyin.ts'
import { residentKey } from './visits/service.ts'
import { CONSENT_INFO } from '#domain/privacy.ts'
import { DEMO_SUBDISTRICT } from '../../db/seed/reference.ts'

const SUB = DEMO_SUBDISTRICT.id

const WORKERS = [
  { name: '孙社工', community_id: 'jiulongshan', home_category: 'elderly', username: 'counter' },
  { name: '刘晓燕', community_id: 'jiulongshan', home_category: 'family_planning', username: 'liuxiaoyan' },
  { name: '陈建国', community_id: 'jiulongshan', home_category: 'social_security', username: 'chenjianguo' },
  { name: '马丽', community_id: 'jiulongshan', home_category: 'disability', username: 'mali' },
  { name: '张伟', community_id: 'maoxing', home_category: 'employment', username: 'zhangwei' },
  { name: '吴敏', community_id: 'maoxing', home_category: 'housing', username: 'wumin' },
  { name: '杨帆', community_id: 'maoxing', home_category: 'hotline', username: 'yangfan' },
] as const

/** A small deterministic generator so every demo database is the same. */
function rng(seed: number) {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
}

export async function seedCounter(db: Kysely<DB>, now: Date): Promise<void> {
  const at = now.toISOString()
  const today = businessDate(now)
  const ms = now.getTime()
  const guideIds: Record<string, string> = {}
  for (const d of DEMO_GUIDES) {
    const { verified_days_ago, ...rest } = d
    const g = GuideInput.parse({ ...rest, last_verified_on: addDays(today, -verified_days_ago) })
    const id = uuidv7(ms)
    guideIds[g.code] = id
    const row = { ...g, materials: JSON.stringify(g.materials), steps: JSON.stringify(g.steps), published: g.published ? 1 : 0, initials: initialsOf(g.name) }
    await db
      .insertInto('counter_guides')
      .values({ subdistrict_id: SUB, id, ...row, version: 1, created_at: at, updated_at: at, updated_by: '系统导入' })
      .execute()
    await db
      .insertInto('counter_guide_history')
      .values({
        subdistrict_id: SUB,
        guide_id: id,
        version: 1,
        changed_at: at,
        changed_by: '系统导入',
        change_note: '初始导入',
        changed_fields: '[]',
        snapshot: JSON.stringify(g),
      })
      .execute()
  }

  const users = await db.selectFrom('users').select(['id', 'username']).where('subdistrict_id', '=', SUB).execute()
  const workerIds = WORKERS.map(() => uuidv7(ms))
  await db
    .insertInto('counter_workers')
    .values(
      WORKERS.map((w, i) => ({
        subdistrict_id: SUB,
        id: workerIds[i]!,
        name: w.name,
        community_id: w.community_id,
        home_category: w.home_category,
        // Each worker signs in with their own demo account (the visit log and audit name who served).
        user_id: users.find((u) => u.username === w.username)?.id ?? null,
        active: 1,
        created_at: at,
      })),
    )
    .execute()

  // Level 3 in the worker's own program; cross-training has brought some to 1 or 2 elsewhere.
  const r = rng(7)
  const skills: { worker_id: string; guide_id: string; level: number }[] = []
  WORKERS.forEach((w, i) => {
    for (const d of DEMO_GUIDES) {
      const level = d.category === w.home_category ? 3 : r() < 0.25 ? 2 : r() < 0.4 ? 1 : 0
      if (level) skills.push({ worker_id: workerIds[i]!, guide_id: guideIds[d.code]!, level })
    }
  })
  await db
    .insertInto('counter_skills')
    .values(skills.map((s) => ({ subdistrict_id: SUB, ...s, updated_at: at })))
    .execute()
  await db
    .insertInto('counter_skill_history')
    .values(
      skills.map((s) => ({
        subdistrict_id: SUB,
        id: uuidv7(ms),
        worker_id: s.worker_id,
        guide_id: s.guide_id,
        from_level: 0,
        to_level: s.level,
        at,
        actor_id: null,
        training_id: null,
        note: '初始评估',
      })),
    )
    .execute()

  const desks = [
    { id: uuidv7(ms), name: '九龙山 1号窗口', community_id: 'jiulongshan' },
    { id: uuidv7(ms), name: '九龙山 2号窗口', community_id: 'jiulongshan' },
    { id: uuidv7(ms), name: '茂兴 综合窗口', community_id: 'maoxing' },
  ]
  await db
    .insertInto('counter_desks')
    .values(desks.map((d) => ({ subdistrict_id: SUB, ...d })))
    .execute()

  // A/B weeks: the four 九龙山 workers rotate over two desks, the three 茂兴 workers over one.
  const week = isoWeekOf(today)
  const entries: TemplateEntry[] = []
  for (let wk = 0; wk < 2; wk++) {
    for (let day = 1; day <= 5; day++) {
      for (const [h, half] of (['am', 'pm'] as const).entries()) {
        const k = day * 2 + h + wk
        entries.push({ week_index: wk, weekday: day, half, counter_id: desks[0]!.id, worker_id: workerIds[k % 4]! })
        entries.push({ week_index: wk, weekday: day, half, counter_id: desks[1]!.id, worker_id: workerIds[(k + 1) % 4]! })
        entries.push({ week_index: wk, weekday: day, half, counter_id: desks[2]!.id, worker_id: workerIds[4 + (k % 3)]! })
      }
    }
  }
  const template = { id: uuidv7(ms), name: 'A/B 周轮值', cycle_weeks: 2, anchor_week: week, entries }
  await db
    .insertInto('counter_templates')
    .values({ subdistrict_id: SUB, ...template, entries: JSON.stringify(entries), created_at: at })
    .execute()
  const nextWeek = isoWeekOf(addDays(isoWeekStart(week)!, 7))
  for (const w of [week, nextWeek]) {
    const shifts = expandTemplate(template, w).map((s) => ({
      subdistrict_id: SUB,
      id: uuidv7(ms),
      ...s,
      source: 'template',
      template_id: template.id,
      original_worker_id: null,
      note: '',
      created_at: at,
    }))
    await db.insertInto('counter_assignments').values(shifts).execute()
  }
  // 刘晓燕 attends a district training next Wednesday: her shifts that day show as conflicts.
  const wednesday = addDays(isoWeekStart(nextWeek)!, 2)
  await db
    .insertInto('counter_leaves')
    .values({
      subdistrict_id: SUB,
      id: uuidv7(ms),
      worker_id: workerIds[1]!,
      start_date: wednesday,
      end_date: wednesday,
      half: null,
      reason: '参加区级业务培训',
      created_at: at,
    })
    .execute()

  // Eight weeks of visits; demand leans on pensions, medical insurance and the elderly allowance.
  const demand: [string, number][] = [
    ['SB-01', 8],
    ['YB-01', 7],
    ['YL-01', 6],
    ['JS-02', 5],
    ['YL-02', 4],
    ['JY-01', 3],
    ['CJ-01', 3],
    ['ZF-01', 2],
    ['DB-01', 2],
    ['JS-01', 2],
  ]
  const totalW = demand.reduce((s, [, w]) => s + w, 0)
  const pick = () => {
    let x = r() * totalW
    for (const [code, w] of demand) if ((x -= w) < 0) return code
    return demand[0]![0]
  }
  const history: { id: string; key: string | null; masked: string | null; code: string; outcome: string; at: number }[] = []
  const visits: DB['counter_visits'][] = []
  const matters: DB['counter_visit_matters'][] = []
  for (let i = 0; i < 140; i++) {
    const t = ms - Math.floor(r() * 56 * 86_400_000)
    const local = new Date(t + 8 * 3_600_000)
    if (local.getUTCDay() === 0 || local.getUTCDay() === 6) continue
    local.setUTCHours(9 + Math.floor(r() * 8), Math.floor(r() * 60))
    const when = local.getTime() - 8 * 3_600_000
    if (when > ms - 3_600_000) continue
    const earlier = history.find((h) => h.outcome === 'return_needed' && h.at < when && when - h.at < 30 * 86_400_000 && r() < 0.7)
    const code = earlier?.code ?? pick()
    const phone = r() < 0.6 ? `13${String(Math.floor(r() * 1e9)).padStart(9, '0')}` : null
    const key = earlier?.key ?? (phone ? await residentKey(db, SUB, phone) : null)
    const roll = r()
    const outcome = earlier ? 'resolved' : roll < 0.45 ? 'resolved' : roll < 0.75 ? 'informed' : roll < 0.85 ? 'referred' : 'return_needed'
    const note = outcome === 'return_needed' ? '缺户口簿复印件，请补齐后再来' : outcome === 'referred' ? '转街道相关科室办理' : ''
    const id = uuidv7(when)
    const w = workerIds[Math.floor(r() * workerIds.length)]!
    const masked = earlier ? earlier.masked : phone ? maskPhone(phone) : null
    history.push({ id, key, masked, code, outcome, at: when })
    visits.push({
      subdistrict_id: SUB,
      id,
      at: new Date(when).toISOString(),
      community_id: WORKERS[workerIds.indexOf(w)]!.community_id,
      counter_id: null,
      worker_id: w,
      resident_key: key,
      resident_masked: masked,
      outcome,
      outcome_note: note,
      previous_visit_id: earlier?.id ?? null,
      is_return: earlier ? 1 : 0,
      duration_min: 5 + Math.floor(r() * 20),
      created_at: at,
      created_by: null,
    })
    matters.push({ subdistrict_id: SUB, visit_id: id, guide_id: guideIds[code]! })
  }
  // A resident of the lunch program came to the counter too: their own-data export lists both.
  const diner = await db.selectFrom('meal_subscribers').select('phone').where('subdistrict_id', '=', SUB).orderBy('id').executeTakeFirst()
  if (diner?.phone) {
    const when = ms - 3 * 86_400_000 - 5 * 3_600_000
    const id = uuidv7(when)
    const w = workerIds[0]!
    visits.push({
      subdistrict_id: SUB,
      id,
      at: new Date(when).toISOString(),
      community_id: WORKERS[0]!.community_id,
      counter_id: null,
      worker_id: w,
      resident_key: await residentKey(db, SUB, diner.phone),
      resident_masked: maskPhone(diner.phone),
      outcome: 'informed',
      outcome_note: '',
      previous_visit_id: null,
      is_return: 0,
      duration_min: 10,
      created_at: at,
      created_by: null,
    })
    matters.push({ subdistrict_id: SUB, visit_id: id, guide_id: guideIds[demand[0]![0]]! })
  }
  visits.sort((a, b) => a.at.localeCompare(b.at))
  // Each visitor who left a phone agreed at their first visit, explained by the worker at the desk.
  const workerUser = new Map(WORKERS.map((wk, i) => [workerIds[i], users.find((u) => u.username === wk.username)?.id ?? null]))
  const firstVisit = new Map<string, DB['counter_visits']>()
  for (const v of visits) if (v.resident_key && !firstVisit.has(v.resident_key)) firstVisit.set(v.resident_key, v)
  const consents = [...firstVisit].map(([key, v]) => ({
    subdistrict_id: SUB,
    id: uuidv7(Date.parse(v.at)),
    subject: 'counter_resident',
    subject_id: key,
    kind: 'counter_phone',
    purposes: JSON.stringify(CONSENT_INFO.counter_phone.purposes),
    granted_at: v.at,
    explained_by: workerUser.get(v.worker_id) ?? null,
    withdrawn_at: null,
    withdrawn_by: null,
  }))
  for (let i = 0; i < consents.length; i += 50)
    await db
      .insertInto('resident_consents')
      .values(consents.slice(i, i + 50))
      .execute()
  for (let i = 0; i < visits.length; i += 50)
    await db
      .insertInto('counter_visits')
      .values(visits.slice(i, i + 50))
      .execute()
  for (let i = 0; i < matters.length; i += 100)
    await db
      .insertInto('counter_visit_matters')
      .values(matters.slice(i, i + 100))
      .execute()
}
