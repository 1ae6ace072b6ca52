// The monthly brief against the seeded demo data: every figure computed again in plain SQL (on SQLite,
// and on PostgreSQL with `npm run test:pg`) must equal what the brief's domain functions made of the
// same records, and so must each party's time to clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type RawBuilder } from 'kysely'
import type { TestApp } from '../../test-support/testing.ts'
import { briefTestApp, SD } from '../../test-support/brief.ts'
import { MonthlyBrief, periodOf, type BriefPeriod } from '#domain/brief/brief.ts'
import { reconciledWeeks } from '#domain/brief/figures.ts'
import { DEFAULT_PRICES } from '#domain/meals/pricing.ts'

let t: TestApp
let brief: Awaited<ReturnType<typeof briefTestApp>>['brief']

beforeAll(async () => {
  ;({ t, brief } = await briefTestApp())
}, 60_000)
afterAll(() => t.close(), 60_000)

describe('time to clear per party', () => {
  for (const [month, community] of [
    ['2026-11', null],
    ['2026-12', null],
    ['2026-12', 'jiulongshan'],
  ] as const) {
    it(`counts each party's tasks, clearings and re-checks in ${month}${community ? ` in ${community}` : ''} as SQL does`, async () => {
      const p = periodOf(month, t.clock.now)
      const expected = (
        await sql<{ name: string; tasks: number; cleared: number; confirmed: number; reopened: number }>`select p.name, count(*) as tasks,
          sum(case when k.cleared_at is not null then 1 else 0 end) as cleared,
          sum(case when k.confirmed_at is not null then 1 else 0 end) as confirmed,
          sum(case when k.reopened > 0 then 1 else 0 end) as reopened
          from patrol_operator_tasks k join patrol_parties p on p.subdistrict_id = k.subdistrict_id and p.id = k.party_id
          where k.subdistrict_id = ${SD} and k.opened_at >= ${p.from} and k.opened_at < ${p.to}
          ${community ? sql`and k.community_id = ${community}` : sql``} group by p.name order by p.name`.execute(t.deps.db)
      ).rows.map((r) => [r.name, Number(r.tasks), Number(r.cleared), Number(r.confirmed), Number(r.reopened)])
      const b = await brief(`month=${month}${community ? `&community=${community}` : ''}`)
      // A section with no data that month carries no tables.
      const table = b.sections.find((s) => s.id === 'patrol')!.tables.find((x) => x.key === 'clearing_by_party')
      expect((table?.rows ?? []).map((r) => r.cells.slice(0, 5)).sort()).toEqual(expected.sort())
      if (month === '2026-12' && !community) expect(expected.length).toBeGreaterThan(0)
    })
  }
})

const figuresOf = (b: MonthlyBrief) => Object.fromEntries(b.sections.flatMap((s) => s.figures.map((f) => [`${s.id}.${f.key}`, f.current.value])))

// ---- the same figures in SQL --------------------------------------------------------------------

const num = async (q: RawBuilder<unknown>) => {
  const row = (await q.execute(t.deps.db)).rows[0] as Record<string, unknown> | undefined
  const v = row ? Object.values(row)[0] : null
  return v === null || v === undefined ? 0 : Number(v)
}
/** Occurrences of a JSON fragment in a text column: portable across SQLite and PostgreSQL. */
const occurrences = (col: RawBuilder<unknown>, needle: string) => sql`((length(${col}) - length(replace(${col}, ${needle}, ''))) / ${needle.length})`

async function sqlFigures(p: BriefPeriod, previous: BriefPeriod, community: string | null) {
  const c = (alias: string) => (community ? sql`and ${sql.ref(`${alias}.community_id`)} = ${community}` : sql``)
  const range = (col: string) => sql`${sql.ref(col)} >= ${p.from} and ${sql.ref(col)} < ${p.to}`
  const inForce = sql`a.effective_date <= ${p.last_date} and (a.status in ('active', 'breached') or (a.status = 'ended' and a.updated_at >= ${p.from}))`
  const checks = sql`from patrol_compliance_checks k join patrol_agreements a on a.subdistrict_id = k.subdistrict_id and a.id = k.agreement_id
    where k.subdistrict_id = ${SD} and ${range('k.checked_at')} and ${inForce} ${c('k')}`
  const kept = await num(
    sql`select sum(${occurrences(sql.ref('k.results'), '"outcome":"complied"')} * 2 + ${occurrences(sql.ref('k.results'), '"outcome":"partly"')}) ${checks}`,
  )
  const results = await num(sql`select sum(${occurrences(sql.ref('k.results'), '"outcome":"')}) ${checks}`)
  const served = (q: BriefPeriod, until: string) => sql`from meal_sale_lines l join meal_sales s on s.subdistrict_id = l.subdistrict_id and s.id = l.sale_id
    join meal_subscribers m on m.subdistrict_id = s.subdistrict_id and m.id = s.subscriber_id
    where l.subdistrict_id = ${SD} and s.status = 'active' and l.date >= ${q.first_date} and l.date <= ${until} ${c('m')}`
  const weeks = reconciledWeeks(p)
  const weekList = sql.join(weeks.length ? weeks : ['-'])
  const d = DEFAULT_PRICES
  const visits = sql`from counter_visits v where v.subdistrict_id = ${SD} and ${range('v.at')} ${c('v')}`
  const first = await num(sql`select count(*) ${visits} and v.is_return = 0`)
  const matters =
    await num(sql`select count(distinct vm.guide_id) from counter_visit_matters vm join counter_visits v on v.subdistrict_id = vm.subdistrict_id and v.id = vm.visit_id
    where vm.subdistrict_id = ${SD} and ${range('v.at')} ${c('v')}`)
  const matterReturns =
    await num(sql`select count(*) from counter_visit_matters vm join counter_visits v on v.subdistrict_id = vm.subdistrict_id and v.id = vm.visit_id
    where vm.subdistrict_id = ${SD} and ${range('v.at')} and v.is_return = 1 ${c('v')}`)
  const residents = (status?: string) =>
    num(
      sql`select count(*) from resident_reports r where r.subdistrict_id = ${SD} and ${range('r.received_at')} ${status ? sql`and r.status = ${status}` : sql``} ${c('r')}`,
    )
  const decided = (
    await sql<{ received_at: string | Date; decided_at: string | Date }>`select r.received_at, r.decided_at from resident_reports r
      where r.subdistrict_id = ${SD} and ${range('r.received_at')} and r.decided_at is not null ${c('r')}`.execute(t.deps.db)
  ).rows
    .map((r) => (new Date(r.decided_at).getTime() - new Date(r.received_at).getTime()) / 3_600_000)
    .sort((a, b) => a - b)
  const mid = decided.length >> 1
  const medianHours = decided.length ? (decided.length % 2 ? decided[mid]! : (decided[mid - 1]! + decided[mid]!) / 2) : null
  const orders = sql`from hotline_work_orders w where w.subdistrict_id = ${SD}`
  const replied = await num(sql`select count(*) ${orders} and ${range('w.replied_at')}`)
  const onTime = await num(sql`select count(*) ${orders} and ${range('w.replied_at')} and w.replied_at <= w.deadline_at`)
  const rated = (v: string) => num(sql`select count(*) ${orders} and ${range('w.satisfaction_at')} and w.satisfaction = ${v}`)
  const [satisfied, basically, dissatisfied] = [await rated('satisfied'), await rated('basically_satisfied'), await rated('dissatisfied')]
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null)
  // Work orders carry no community: a brief of one community shows no hotline figure.
  const hotline = {
    'hotline.received': await num(sql`select count(*) ${orders} and ${range('w.received_at')}`),
    'hotline.replied': replied,
    'hotline.on_time_rate': ratio(onTime, replied),
    'hotline.overdue_open': await num(
      sql`select count(*) ${orders} and w.received_at < ${p.to} and w.deadline_at < ${p.to} and (w.replied_at is null or w.replied_at >= ${p.to})`,
    ),
    'hotline.satisfied': satisfied,
    'hotline.basically_satisfied': basically,
    'hotline.dissatisfied': dissatisfied,
    'hotline.satisfaction_rate': ratio(satisfied + basically, satisfied + basically + dissatisfied),
  }
  return {
    ...(community ? (Object.fromEntries(Object.keys(hotline).map((k) => [k, null])) as Record<keyof typeof hotline, null>) : hotline),
    'residents.received': await residents(),
    'residents.approved': await residents('approved'),
    'residents.merged': await residents('merged'),
    'residents.rejected': await residents('rejected'),
    'residents.pending': await residents('pending'),
    'residents.median_hours_to_decision': medianHours === null ? null : Math.round(medianHours * 10) / 10,
    'patrol.reports': await num(sql`select count(*) from patrol_reports r where r.subdistrict_id = ${SD} and ${range('r.observed_at')} ${c('r')}`),
    'patrol.observations': await num(sql`select count(*) from patrol_observations o where o.subdistrict_id = ${SD} and ${range('o.observed_at')} ${c('o')}`),
    'patrol.hotspots_formed': await num(
      sql`select count(*) from patrol_hotspots h where h.subdistrict_id = ${SD} and h.formed = 1 and ${range('h.first_at')} ${c('h')}`,
    ),
    'patrol.hotspots_resolved':
      await num(sql`select count(distinct e.target_id) from patrol_review_events e join patrol_hotspots h on h.subdistrict_id = e.subdistrict_id and h.id = e.target_id
      where e.subdistrict_id = ${SD} and e.target = 'hotspot' and e.to_status = 'resolved' and ${range('e.at')} ${c('h')}`),
    'patrol.agreements_in_force': await num(sql`select count(*) from patrol_agreements a where a.subdistrict_id = ${SD} and ${inForce} ${c('a')}`),
    'patrol.compliance_checks': await num(sql`select count(*) ${checks}`),
    'patrol.compliance_rate': results ? kept / 2 / results : null,
    'patrol.breaches': await num(sql`select sum(${occurrences(sql.ref('k.results'), '"outcome":"breached"')}) ${checks}`),
    'meals.residents': await num(sql`select count(distinct s.subscriber_id) ${served(p, p.through_date)}`),
    'meals.sets': await num(sql`select sum(l.sets) ${served(p, p.through_date)}`),
    'meals.boxes': await num(sql`select sum(l.boxes) ${served(p, p.through_date)}`),
    'meals.ticket_days': await num(sql`select count(*) from (select distinct s.subscriber_id, l.date ${served(p, p.through_date)}) x`),
    'meals.no_shows': await num(sql`select count(*) from (select distinct s.subscriber_id, l.date ${served(p, p.days_over_until)}
      and not exists (select 1 from meal_pickups k where k.subdistrict_id = l.subdistrict_id and k.subscriber_id = s.subscriber_id and k.date = l.date and k.picked = 1)) x`),
    'meals.expected_fen':
      await num(sql`select sum(l.sets * coalesce(pr.set_fen, ${d.set_fen}) + l.boxes * coalesce(pr.box_fen, ${d.box_fen}) + l.rice * coalesce(pr.rice_fen, ${d.rice_fen})
        + (l.buns / 2) * coalesce(pr.bun_pair_fen, ${d.bun_pair_fen}) + l.soups * coalesce(pr.soup_fen, ${d.soup_fen}))
      from meal_sale_lines l join meal_sales s on s.subdistrict_id = l.subdistrict_id and s.id = l.sale_id
      join meal_subscribers m on m.subdistrict_id = s.subdistrict_id and m.id = s.subscriber_id
      left join meal_prices pr on pr.subdistrict_id = s.subdistrict_id and pr.week = s.week
      where l.subdistrict_id = ${SD} and s.status = 'active' and s.week in (${weekList}) ${c('m')}`),
    'meals.received_fen':
      await num(sql`select sum(s.paid_fen - s.refund_fen) from meal_sales s join meal_subscribers m on m.subdistrict_id = s.subdistrict_id and m.id = s.subscriber_id
      where s.subdistrict_id = ${SD} and s.week in (${weekList}) ${c('m')}`),
    'meals.new_subscribers': await num(sql`select count(distinct s.subscriber_id) ${served(p, p.through_date)} and not exists (
      select 1 from meal_sale_lines l2 join meal_sales s2 on s2.subdistrict_id = l2.subdistrict_id and s2.id = l2.sale_id
      where s2.subdistrict_id = s.subdistrict_id and s2.subscriber_id = s.subscriber_id and s2.status = 'active' and l2.date < ${p.first_date})`),
    'meals.lapsed_subscribers': await num(sql`select count(distinct s.subscriber_id) ${served(previous, previous.last_date)} and not exists (
      select 1 from meal_sale_lines l2 join meal_sales s2 on s2.subdistrict_id = l2.subdistrict_id and s2.id = l2.sale_id
      where s2.subdistrict_id = s.subdistrict_id and s2.subscriber_id = s.subscriber_id and s2.status = 'active' and l2.date >= ${p.first_date} and l2.date <= ${p.through_date})`),
    'counter.visits': await num(sql`select count(*) ${visits}`),
    'counter.first_visit_resolution_rate': first
      ? Math.round(((await num(sql`select count(*) ${visits} and v.is_return = 0 and v.outcome in ('resolved', 'informed')`)) / first) * 1000) / 1000
      : null,
    'counter.returns': await num(sql`select count(*) ${visits} and v.is_return = 1`),
    'counter.returns_per_matter': matters ? Math.round((matterReturns / matters) * 100) / 100 : null,
    'counter.gaps_closed': await num(sql`select count(*) from (select distinct h.worker_id, h.guide_id from counter_skill_history h
      join counter_workers w on w.subdistrict_id = h.subdistrict_id and w.id = h.worker_id
      where h.subdistrict_id = ${SD} and h.training_id is not null and h.from_level < 2 and h.to_level >= 2 and ${range('h.at')} ${c('w')}) x`),
  }
}

describe('the brief computed two ways', () => {
  const cases: [string, string | null][] = [
    ['2026-11', null],
    ['2026-10', null],
    ['2026-12', null],
    ['2026-11', 'jiulongshan'],
    ['2026-11', 'guangquan'],
  ]
  for (const [month, community] of cases) {
    it(`agrees with SQL for ${month}${community ? ` in ${community}` : ''}`, async () => {
      const b = await brief(`month=${month}${community ? `&community=${community}` : ''}`)
      const p = periodOf(month, t.clock.now)
      const prev = periodOf(month === '2026-10' ? '2026-09' : month === '2026-11' ? '2026-10' : '2026-11', t.clock.now)
      const expected = await sqlFigures(p, prev, community)
      const got = figuresOf(b)
      const balance = got['meals.balance_fen']
      delete got['meals.balance_fen']
      const { 'meals.ticket_days': ticketDays, ...shown } = expected
      expect(got).toEqual(shown)
      expect(ticketDays).toBeGreaterThanOrEqual(got['meals.no_shows'] ?? 0)
      expect(balance).toBe(expected['meals.received_fen'] - expected['meals.expected_fen'])
      // Some figures must be more than zero, or the comparison proves little.
      if (month === '2026-11' && !community) {
        for (const k of [
          'patrol.reports',
          'patrol.observations',
          'patrol.hotspots_resolved',
          'patrol.compliance_checks',
          'hotline.replied',
          'hotline.satisfied',
          'meals.residents',
          'meals.sets',
          'counter.visits',
          'counter.returns',
          'counter.gaps_closed',
        ] as const)
          expect(expected[k], k).toBeGreaterThan(0)
      }
      // The demo residents' reports came in this month.
      if (month === '2026-12' && !community) {
        for (const k of ['residents.received', 'hotline.received'] as const) expect(expected[k], k).toBeGreaterThan(0)
        expect(expected['residents.median_hours_to_decision']).not.toBeNull()
      }
    })
  }
})
