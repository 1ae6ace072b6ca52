// The residents' reports section: reports residents sent in the month, what the office made of them
// (as they stand now) and the median time from receipt to decision.
import { residentReportMonthFigures } from '../../patrol/residents/index.ts'
import { mayOpen, type BriefContext, type BriefSectionBuilder } from './section.ts'

const ROLES = ['coordinator', 'admin'] as const

const moderationLink = (ctx: BriefContext) => (mayOpen(ctx, ROLES) ? '/coordinator/resident-reports' : null)

export const residentsSection: BriefSectionBuilder = {
  id: 'residents',
  title: '居民上报',
  roles: ROLES,
  empty: '本月没有收到居民上报。',
  notes: [
    '居民上报按收到时间计入月份；采纳、合并、驳回、待处理为这些上报目前的状态。',
    '处理用时：收到至作出决定（采纳、合并或驳回）的小时数的中位数，只计已决定的上报。',
  ],
  figures: [
    { key: 'received', label: '收到居民上报', unit: 'count', link: moderationLink, glance: true },
    { key: 'approved', label: '已采纳', unit: 'count', link: moderationLink },
    { key: 'merged', label: '并入已有上报', unit: 'count', link: moderationLink },
    { key: 'rejected', label: '未采纳', unit: 'count', link: moderationLink },
    { key: 'pending', label: '待处理', unit: 'count', lower_is_better: true, link: moderationLink },
    {
      key: 'median_hours_to_decision',
      label: '处理用时中位数（小时）',
      unit: 'decimal',
      lower_is_better: true,
      missing: '本月收到的上报都还没有处理',
      link: moderationLink,
    },
  ],
  async measure(ctx, p) {
    const f = await residentReportMonthFigures(ctx.db, ctx.subdistrictId, p.from, p.to, ctx.communityId)
    return { has_data: f.received > 0, values: { ...f } }
  },
}
