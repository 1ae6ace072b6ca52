// The patrol section: reports and repeat sightings, hotspots formed and resolved, the five hotspots
// seen most often (with a photo and their weekly trend), agreements in force and how they are kept.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { BriefPeriod, BriefTable } from '#domain/brief/brief.ts'
import { agreementInForce, patrolFigures, worstHotspots, TREND_WEEKS, type PatrolRecords } from '#domain/brief/figures.ts'
import { formatFigure } from '#domain/brief/brief.ts'
import { BEFORE_AFTER_WEEKS, type BeforeAfterVerdict } from '#domain/patrol/before-after.ts'
import type { PartyResult } from '#domain/patrol/compliance.ts'
import { agreementBeforeAfter } from '../../patrol/agreements/before-after.ts'
import { timeToClearByParty } from '../../patrol/operator-tasks/index.ts'
import { mayOpen, rangeQuery, type BriefContext, type BriefSectionBuilder } from './section.ts'

const PATROL_ROLES = ['coordinator', 'admin'] as const
const HOTSPOT_STATUS: Record<string, string> = { new: '新发现', watching: '观察中', negotiating: '协商中', agreement: '已签协议', resolved: '已解决' }
const WEEK_MS = 7 * 86_400_000

const VERDICT: Record<BeforeAfterVerdict, string> = { insufficient: '观测不足', decrease: '下降', increase: '上升', no_clear_change: '无明显变化' }

const photosOf = (json: string): string[] => {
  const v = JSON.parse(json) as unknown
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
}

/** The records the patrol figures of a period need (sightings from TREND_WEEKS weeks before it, for trends). */
export async function loadPatrol(db: Kysely<DB>, sd: string, community: string | null, p: BriefPeriod): Promise<PatrolRecords> {
  const since = new Date(Math.min(Date.parse(p.from), Date.parse(p.to) - TREND_WEEKS * WEEK_MS)).toISOString()
  let reports = db
    .selectFrom('patrol_reports')
    .select(['id', 'observed_at', 'hotspot_id', 'photos'])
    .where('subdistrict_id', '=', sd)
    .where('observed_at', '>=', since)
    .where('observed_at', '<', p.to)
  if (community) reports = reports.where('community_id', '=', community)
  let observations = db
    .selectFrom('patrol_observations as o')
    .innerJoin('patrol_reports as r', (j) => j.onRef('r.subdistrict_id', '=', 'o.subdistrict_id').onRef('r.id', '=', 'o.report_id'))
    .select(['o.id', 'o.observed_at', 'r.hotspot_id', 'o.photos'])
    .where('o.subdistrict_id', '=', sd)
    .where('o.observed_at', '>=', since)
    .where('o.observed_at', '<', p.to)
  if (community) observations = observations.where('o.community_id', '=', community)
  let hotspots = db.selectFrom('patrol_hotspots').select(['id', 'formed', 'first_at', 'landmark', 'status', 'community_id']).where('subdistrict_id', '=', sd)
  if (community) hotspots = hotspots.where('community_id', '=', community)
  let resolutions = db
    .selectFrom('patrol_review_events as e')
    .innerJoin('patrol_hotspots as h', (j) => j.onRef('h.subdistrict_id', '=', 'e.subdistrict_id').onRef('h.id', '=', 'e.target_id'))
    .select(['e.target_id as hotspot_id', 'e.at'])
    .where('e.subdistrict_id', '=', sd)
    .where('e.target', '=', 'hotspot')
    .where('e.to_status', '=', 'resolved')
    .where('e.at', '>=', p.from)
    .where('e.at', '<', p.to)
  if (community) resolutions = resolutions.where('h.community_id', '=', community)
  let agreements = db.selectFrom('patrol_agreements').select(['id', 'status', 'effective_date', 'updated_at']).where('subdistrict_id', '=', sd)
  if (community) agreements = agreements.where('community_id', '=', community)
  let checks = db
    .selectFrom('patrol_compliance_checks')
    .select(['agreement_id', 'checked_at', 'results'])
    .where('subdistrict_id', '=', sd)
    .where('checked_at', '>=', p.from)
    .where('checked_at', '<', p.to)
  if (community) checks = checks.where('community_id', '=', community)
  return {
    reports: (await reports.execute()).map((r) => ({ ...r, photos: photosOf(r.photos) })),
    observations: (await observations.execute()).map((r) => ({ ...r, photos: photosOf(r.photos) })),
    hotspots: (await hotspots.execute()).map((h) => ({ ...h, formed: h.formed === 1 })),
    resolutions: await resolutions.execute(),
    agreements: await agreements.execute(),
    checks: (await checks.execute()).map((c) => ({ ...c, results: JSON.parse(c.results) as PartyResult[] })),
  }
}

const mapLink = (ctx: BriefContext, p: BriefPeriod) => (mayOpen(ctx, PATROL_ROLES) ? `/coordinator?${rangeQuery(ctx, p)}` : null)
const agreementsLink = (status?: string) => (ctx: BriefContext) => (mayOpen(ctx, PATROL_ROLES) ? `/agreements${status ? `?status=${status}` : ''}` : null)

export const patrolSection: BriefSectionBuilder = {
  id: 'patrol',
  title: '巡查与停放治理',
  roles: PATROL_ROLES,
  empty: '本月没有巡查上报、复查记录或协议检查。',
  notes: [
    '上报按发现时间计入月份；复查为对已有上报的再次发现。',
    '新形成热点：本月首次发现、且已达到热点标准（28 天内至少 3 次发现、分布在 2 天以上）的地点。',
    '协议遵守率：本月各次检查中各方履约结果的平均（部分履约按一半计）。',
    `协议前后对比：协议所涉地点在生效日前后各 ${BEFORE_AFTER_WEEKS.default} 周的发现中，占道比例的中位数之差（后减前）及其 95% 自助法置信区间；任一侧估计了占道比例的发现不足时记为“观测不足”。`,
  ],
  figures: [
    { key: 'reports', label: '巡查上报', unit: 'count', link: mapLink, glance: true },
    { key: 'observations', label: '复查发现', unit: 'count', link: mapLink },
    { key: 'hotspots_formed', label: '新形成热点', unit: 'count', lower_is_better: true, link: mapLink, glance: true },
    { key: 'hotspots_resolved', label: '已解决热点', unit: 'count', link: mapLink },
    { key: 'agreements_in_force', label: '生效中的协议', unit: 'count', link: agreementsLink('active') },
    { key: 'compliance_checks', label: '协议检查次数', unit: 'count', link: agreementsLink() },
    { key: 'compliance_rate', label: '协议遵守率', unit: 'percent', missing: '本月没有协议检查', link: agreementsLink(), glance: true },
    { key: 'breaches', label: '违约记录', unit: 'count', lower_is_better: true, link: agreementsLink('breached') },
  ],
  async measure(ctx, p) {
    const r = await loadPatrol(ctx.db, ctx.subdistrictId, ctx.communityId, p)
    const f = patrolFigures(r, p)
    return { has_data: f.reports + f.observations + f.compliance_checks + f.hotspots_resolved > 0, values: { ...f } }
  },
  async tables(ctx, p) {
    const r = await loadPatrol(ctx.db, ctx.subdistrictId, ctx.communityId, p)
    const worst = worstHotspots(r, p, 5)
    const table: BriefTable = {
      key: 'worst_hotspots',
      title: '发现最多的五个热点',
      columns: [
        { key: 'landmark', label: '地点', unit: null },
        { key: 'community', label: '社区', unit: null },
        { key: 'sightings', label: '本月发现次数', unit: 'count' },
        { key: 'status', label: '状态', unit: null },
      ],
      rows: worst.map((h) => ({
        cells: [h.landmark || '（未命名地点）', ctx.communities.get(h.community_id) ?? h.community_id, h.sightings, HOTSPOT_STATUS[h.status] ?? h.status],
        link: mayOpen(ctx, PATROL_ROLES) ? `/coordinator/hotspots/${h.id}` : null,
        photo: h.photo,
        trend: h.trend,
      })),
      empty: '本月没有在热点处的发现。',
      trend_label: `近 ${TREND_WEEKS} 周每周发现次数`,
    }
    return [table, await agreementsTable(ctx, p), await clearingTable(ctx, p)]
  },
}

/** Agreements in force in the period, each with the change of the blocked share at its places since it took effect. */
async function agreementsTable(ctx: BriefContext, p: BriefPeriod): Promise<BriefTable> {
  let q = ctx.db
    .selectFrom('patrol_agreements')
    .select(['id', 'title', 'community_id', 'status', 'effective_date', 'updated_at'])
    .where('subdistrict_id', '=', ctx.subdistrictId)
    .orderBy('effective_date')
    .orderBy('id')
  if (ctx.communityId) q = q.where('community_id', '=', ctx.communityId)
  const inForce = (await q.execute()).filter((a) => agreementInForce(a, p))
  const rows: BriefTable['rows'] = []
  for (const a of inForce) {
    const ba = await agreementBeforeAfter(ctx.db, ctx.subdistrictId, a.id)
    const m = ba?.result.blocked_share
    const enough = m !== undefined && m.change !== null
    rows.push({
      cells: [
        a.title,
        ctx.communities.get(a.community_id) ?? a.community_id,
        a.effective_date,
        m ? `${m.n_before} / ${m.n_after}` : '—',
        enough ? m.change : '观测不足',
        enough && m.ci ? `${formatFigure(m.ci.low, 'percent')} ~ ${formatFigure(m.ci.high, 'percent')}` : '—',
        m ? VERDICT[m.verdict] : '观测不足',
      ],
      link: mayOpen(ctx, PATROL_ROLES) ? `/agreements/${a.id}` : null,
      photo: null,
      trend: null,
    })
  }
  return {
    key: 'agreements_before_after',
    title: '生效中协议的前后对比',
    columns: [
      { key: 'title', label: '协议', unit: null },
      { key: 'community', label: '社区', unit: null },
      { key: 'effective_date', label: '生效日', unit: null },
      { key: 'n', label: '占道比例样本（前 / 后）', unit: null },
      { key: 'blocked_share_change', label: '占道比例中位数变化', unit: 'percent' },
      { key: 'ci', label: '95% 置信区间', unit: null },
      { key: 'verdict', label: '结论', unit: null },
    ],
    rows,
    empty: '本月没有生效中的协议。',
    trend_label: null,
  }
}

/**
 * Time to clear per party: the operators' tasks opened in the period (a report counted their vehicles),
 * how many they cleared, how many an inspector's next sighting confirmed or reopened, and the median
 * minutes to clear on the clearing clock of their commitment.
 */
async function clearingTable(ctx: BriefContext, p: BriefPeriod): Promise<BriefTable> {
  const parties = await timeToClearByParty(ctx.db, ctx.subdistrictId, p.from, p.to, ctx.communityId)
  return {
    key: 'clearing_by_party',
    title: '各方清理用时',
    columns: [
      { key: 'party', label: '责任方', unit: null },
      { key: 'tasks', label: '清理任务', unit: 'count' },
      { key: 'cleared', label: '已清理', unit: 'count' },
      { key: 'confirmed', label: '复查确认', unit: 'count' },
      { key: 'reopened', label: '复查重开', unit: 'count' },
      { key: 'median_minutes', label: '清理用时中位数（分钟）', unit: 'decimal' },
      { key: 'on_time_share', label: '按时清理比例', unit: 'percent' },
    ],
    rows: parties.map((c) => ({
      cells: [c.party_name, c.tasks, c.cleared, c.confirmed, c.reopened, c.median_minutes, c.on_time_share],
      link: mayOpen(ctx, PATROL_ROLES) ? '/agreements/parties' : null,
      photo: null,
      trend: null,
    })),
    empty: '本月没有运营方清理任务。',
    trend_label: null,
  }
}
