// Messages of the monthly brief's API in both languages: what a person sees when the month or the
// place they asked for cannot be shown.
import type { MessageDict } from '../messages.ts'

export const BRIEF_MESSAGES: MessageDict = {
  brief_month_invalid: { 'zh-CN': '月份格式应为 YYYY-MM，例如 2026-11', en: 'The month is written YYYY-MM, e.g. 2026-11' },
  brief_month_future: { 'zh-CN': '该月份尚未开始，暂无月报', en: 'That month has not begun yet: there is no brief for it' },
  brief_community_unknown: { 'zh-CN': '本街道没有这个社区，或您无权查看', en: 'No such community in your subdistrict, or you may not see it' },
  brief_subdistrict_forbidden: { 'zh-CN': '您只能查看本街道的月报', en: 'You may only see the brief of your own subdistrict' },
}
