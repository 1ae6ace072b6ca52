// How residents read a week: its dates ('12月14日—20日'), never the ISO key ('2026-W51') the system
// files menus and sales under. The public page, the chat-group post and the counter all use this.
import { addDays, isoWeekStart } from '../time.ts'

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const parts = (date: string) => ({ y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)), d: Number(date.slice(8, 10)) })

/** '12月14日' / 'Dec 14'. */
export function dayLabel(date: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const { m, d } = parts(date)
  return lang === 'en' ? `${EN_MONTHS[m - 1]} ${d}` : `${m}月${d}日`
}

/**
 * Monday to Sunday of an ISO week as dates: '12月14日—20日', '12月28日—1月3日'; 'Dec 14–20',
 * 'Dec 28 – Jan 3'. The key itself when it is not a valid week.
 */
export function weekLabel(week: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const monday = isoWeekStart(week)
  if (!monday) return week
  const sunday = addDays(monday, 6)
  const a = parts(monday)
  const b = parts(sunday)
  if (lang === 'en') return a.m === b.m ? `${EN_MONTHS[a.m - 1]} ${a.d}–${b.d}` : `${dayLabel(monday, 'en')} – ${dayLabel(sunday, 'en')}`
  return a.m === b.m ? `${a.m}月${a.d}日—${b.d}日` : `${a.m}月${a.d}日—${b.m}月${b.d}日`
}
