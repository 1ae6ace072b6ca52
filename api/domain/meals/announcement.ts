// The chat-group post for next week, as the restaurant writes it every Monday: menu, prices, the ticket
// window and the pickup point, the week named by its dates (the ISO key stays internal). Built from the same data the public page shows, so they never disagree.
import { formatMoney } from '../money.ts'
import type { PriceList } from './pricing.ts'
import { formatShanghai } from './window.ts'
import { dayLabel, weekLabel } from './week-label.ts'

export interface AnnouncementInput {
  week: string
  days: { date: string; weekday: number; closed: boolean; closed_reason: string | null; dishes: Record<string, { name: string } | null> }[]
  prices: PriceList
  window: { opens_at: string; closes_at: string; rule: string }
  points: { name: string; address: string; opens_time: string; closes_time: string }[]
  changes?: { note: string }[]
}

const WEEKDAY = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']
const ORDER = ['meat', 'vegetable', 'side', 'staple', 'soup'] as const

export function buildAnnouncement(a: AnnouncementInput): string {
  const lines: string[] = [`【${weekLabel(a.week)} 老年午餐菜单】`]
  for (const d of a.days) {
    const head = `${WEEKDAY[d.weekday]} ${dayLabel(d.date)}`
    if (d.closed) {
      lines.push(`${head}：停餐${d.closed_reason ? `（${d.closed_reason}）` : ''}`)
      continue
    }
    lines.push(`${head}：${ORDER.map((k) => d.dishes[k]?.name ?? '—').join(' / ')}`)
  }
  const p = a.prices
  lines.push(
    '',
    '【价格】',
    `套餐 ${formatMoney(p.set_fen)}/套（一荤一素一小菜、主食一种、汤羹或饮品一种）`,
    `荤菜、素菜、小菜合并点选 ${formatMoney(p.box_fen)}/盒（不能单点）`,
    `米饭 ${formatMoney(p.rice_fen)}/盒，馒头 ${formatMoney(p.bun_pair_fen)}/2个，汤羹或饮料 ${formatMoney(p.soup_fen)}/份`,
    '',
    '【购票】',
    `售票时间：${a.window.rule}`,
    `本期：${formatShanghai(a.window.opens_at)} 至 ${formatShanghai(a.window.closes_at)}`,
  )
  if (a.points.length) {
    lines.push('', '【取餐】')
    for (const pt of a.points) lines.push(`${pt.name}（${pt.address}），${pt.opens_time}–${pt.closes_time}`)
  }
  if (a.changes?.length) {
    lines.push('', '【菜单调整】')
    for (const c of a.changes) lines.push(`· ${c.note}`)
  }
  return lines.join('\n')
}
