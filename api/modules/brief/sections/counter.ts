// The counter section: visits, first-visit resolution, return trips per matter and their change, and
// the coverage gaps that training closed (a worker brought to "can handle" a matter by a training).
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { BriefPeriod, BriefTable } from '#domain/brief/brief.ts'
import type { Outcome } from '#domain/counter/visits.ts'
import { counterFigures, returnsByMatter, type CounterRecords } from '#domain/brief/figures.ts'
import { mayOpen, type BriefContext, type BriefSectionBuilder } from './section.ts'

const READ = ['counter', 'admin', 'coordinator'] as const

/** Visits (with their matters) and level changes of a range of instants. */
export async function loadCounter(db: Kysely<DB>, sd: string, community: string | null, from: string, to: string): Promise<CounterRecords> {
  let visits = db
    .selectFrom('counter_visits')
    .select(['id', 'at', 'outcome', 'is_return', 'duration_min'])
    .where('subdistrict_id', '=', sd)
    .where('at', '>=', from)
    .where('at', '<', to)
  if (community) visits = visits.where('community_id', '=', community)
  let matters = db
    .selectFrom('counter_visit_matters as m')
    .innerJoin('counter_visits as v', (j) => j.onRef('v.subdistrict_id', '=', 'm.subdistrict_id').onRef('v.id', '=', 'm.visit_id'))
    .select(['m.visit_id', 'm.guide_id'])
    .where('m.subdistrict_id', '=', sd)
    .where('v.at', '>=', from)
    .where('v.at', '<', to)
  if (community) matters = matters.where('v.community_id', '=', community)
  let changes = db
    .selectFrom('counter_skill_history as h')
    .innerJoin('counter_workers as w', (j) => j.onRef('w.subdistrict_id', '=', 'h.subdistrict_id').onRef('w.id', '=', 'h.worker_id'))
    .select(['h.worker_id', 'h.guide_id', 'h.from_level', 'h.to_level', 'h.at', 'h.training_id'])
    .where('h.subdistrict_id', '=', sd)
    .where('h.at', '>=', from)
    .where('h.at', '<', to)
  if (community) changes = changes.where('w.community_id', '=', community)
  const byVisit = new Map<string, string[]>()
  for (const m of await matters.execute()) byVisit.set(m.visit_id, [...(byVisit.get(m.visit_id) ?? []), m.guide_id])
  return {
    visits: (await visits.execute()).map((v) => ({
      at: v.at,
      guide_ids: byVisit.get(v.id) ?? [],
      outcome: v.outcome as Outcome,
      is_return: v.is_return === 1,
      duration_min: v.duration_min,
    })),
    skill_changes: await changes.execute(),
  }
}

const statsLink = (ctx: BriefContext, p: BriefPeriod) =>
  mayOpen(ctx, READ) ? `/counter/stats?${new URLSearchParams({ from: p.from, to: p.to }).toString()}` : null
const skillsLink = (ctx: BriefContext) => (mayOpen(ctx, READ) ? '/counter/skills' : null)

export const counterSection: BriefSectionBuilder = {
  id: 'counter',
  title: '便民服务窗口',
  roles: READ,
  empty: '本月没有窗口来访记录。',
  notes: [
    '一次办结率：首次来访中当场办结或一次告知清楚的比例。',
    '每事项往返：本月各事项的再次来访次数之和除以被问到的事项数（一次来访涉及多个事项时分别计入）。',
    '培训补齐的缺口：本月经培训，某位工作人员在某事项上首次达到“能独立办理”（2 级）的人次。',
  ],
  figures: [
    { key: 'visits', label: '窗口来访', unit: 'count', link: statsLink, glance: true },
    { key: 'first_visit_resolution_rate', label: '一次办结率', unit: 'percent', missing: '本月没有首次来访', link: statsLink, glance: true },
    { key: 'returns', label: '再次来访', unit: 'count', lower_is_better: true, link: statsLink },
    { key: 'returns_per_matter', label: '每事项平均往返', unit: 'decimal', lower_is_better: true, missing: '本月没有来访事项', link: statsLink },
    { key: 'gaps_closed', label: '培训补齐的缺口', unit: 'count', link: skillsLink },
  ],
  async measure(ctx, p) {
    const f = counterFigures(await loadCounter(ctx.db, ctx.subdistrictId, ctx.communityId, p.from, p.to), p)
    return { has_data: f.visits + f.gaps_closed > 0, values: { ...f } }
  },
  async tables(ctx, p, previous) {
    const records = await loadCounter(ctx.db, ctx.subdistrictId, ctx.communityId, previous.from, p.to)
    const rows = returnsByMatter(records, p, previous)
    const guides = await ctx.db.selectFrom('counter_guides').select(['id', 'name']).where('subdistrict_id', '=', ctx.subdistrictId).execute()
    const name = new Map(guides.map((g) => [g.id, g.name]))
    const table: BriefTable = {
      key: 'returns_by_matter',
      title: '再次来访最多的事项',
      columns: [
        { key: 'matter', label: '事项', unit: null },
        { key: 'visits', label: '来访', unit: 'count' },
        { key: 'returns', label: '再次来访', unit: 'count' },
        { key: 'return_rate', label: '往返率', unit: 'percent' },
        { key: 'change', label: '较上月', unit: null },
      ],
      rows: rows.map((m) => {
        const d = m.returns - m.previous_returns
        return {
          cells: [name.get(m.guide_id) ?? '（已删除的事项）', m.visits, m.returns, m.return_rate, d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '±0'],
          link: mayOpen(ctx, READ) ? `/counter/guides/${m.guide_id}` : null,
          photo: null,
          trend: null,
        }
      }),
      empty: '本月没有再次来访。',
      trend_label: null,
    }
    return [table]
  },
}
