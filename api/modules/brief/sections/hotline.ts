// The 12345 section: work orders received, replies given and how many by their deadline, orders past
// their deadline still without a reply, and the callback satisfaction recorded in the month. Work
// orders carry no community, so a brief narrowed to one community shows none of these figures.
import { workOrderMonthFigures } from '../../hotline/index.ts'
import { mayOpen, type BriefContext, type BriefSectionBuilder } from './section.ts'

const ROLES = ['coordinator', 'admin'] as const
const NO_COMMUNITY = '12345 工单不分社区，只按全街道统计'

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null)
const listLink = (ctx: BriefContext) => (mayOpen(ctx, ROLES) && !ctx.communityId ? '/hotline' : null)

export const hotlineSection: BriefSectionBuilder = {
  id: 'hotline',
  title: '12345 接诉即办',
  roles: ROLES,
  empty: (ctx) => (ctx.communityId ? `${NO_COMMUNITY}；请选择全街道查看。` : '本月没有收到、答复或回访 12345 工单。'),
  notes: [
    '收到按派单时间、答复按答复时间、回访满意度按回访记录时间计入月份。',
    '按时答复率：本月答复的工单中，在办理时限内答复的比例。',
    '逾期未答复：月末时已过办理时限、仍未答复的工单（含以前月份收到的）。',
    '满意率：本月回访中“满意”与“基本满意”的比例。',
    `${NO_COMMUNITY}；选择某个社区时本节不显示数字。`,
  ],
  figures: [
    { key: 'received', label: '收到工单', unit: 'count', link: listLink, glance: true },
    { key: 'replied', label: '已答复', unit: 'count', link: listLink },
    { key: 'on_time_rate', label: '按时答复率', unit: 'percent', missing: '本月没有答复', link: listLink, glance: true },
    { key: 'overdue_open', label: '逾期未答复', unit: 'count', lower_is_better: true, link: listLink },
    { key: 'satisfied', label: '满意', unit: 'count', link: listLink },
    { key: 'basically_satisfied', label: '基本满意', unit: 'count', link: listLink },
    { key: 'dissatisfied', label: '不满意', unit: 'count', lower_is_better: true, link: listLink },
    { key: 'satisfaction_rate', label: '满意率', unit: 'percent', missing: '本月没有回访记录', link: listLink },
  ],
  async measure(ctx, p) {
    if (ctx.communityId) return { has_data: false, values: {}, reason: NO_COMMUNITY }
    const f = await workOrderMonthFigures(ctx.db, ctx.subdistrictId, p.from, p.to)
    const rated = f.satisfied + f.basically_satisfied + f.dissatisfied
    return {
      has_data: f.received + f.replied + f.overdue_open + rated > 0,
      values: { ...f, on_time_rate: rate(f.replied_on_time, f.replied), satisfaction_rate: rate(f.satisfied + f.basically_satisfied, rated) },
    }
  },
}
