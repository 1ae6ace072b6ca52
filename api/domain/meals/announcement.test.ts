import { describe, expect, it } from 'vitest'
import { buildAnnouncement } from './announcement.ts'
import { DEFAULT_PRICES } from './pricing.ts'

describe('chat-group announcement', () => {
  it('lists the days, the prices in yuan, the window and the pickup point', () => {
    const text = buildAnnouncement({
      week: '2026-W50',
      days: [
        {
          date: '2026-12-07',
          weekday: 1,
          closed: false,
          closed_reason: null,
          dishes: { meat: { name: '红烧肉' }, vegetable: { name: '清炒西兰花' }, side: { name: '拍黄瓜' }, staple: { name: '米饭' }, soup: { name: '小米粥' } },
        },
        { date: '2026-12-13', weekday: 7, closed: true, closed_reason: '周日休息', dishes: {} },
      ],
      prices: DEFAULT_PRICES,
      window: { opens_at: '2026-11-30T02:00:00Z', closes_at: '2026-12-03T12:00:00Z', rule: '每周一 10:00 至周四 20:00（北京时间）' },
      points: [{ name: '广泉社区老年餐取餐点', address: '3号楼', opens_time: '11:00', closes_time: '12:30' }],
    })
    expect(text).toContain('【12月7日—13日 老年午餐菜单】')
    expect(text).not.toContain('2026-W50')
    expect(text).toContain('周一 12月7日：红烧肉 / 清炒西兰花 / 拍黄瓜 / 米饭 / 小米粥')
    expect(text).toContain('周日 12月13日：停餐（周日休息）')
    expect(text).toContain('套餐 ¥38.00/套')
    expect(text).toContain('¥36.00/盒（不能单点）')
    expect(text).toContain('馒头 ¥2.00/2个')
    expect(text).toContain('本期：2026-11-30 10:00 至 2026-12-03 20:00')
    expect(text).toContain('广泉社区老年餐取餐点（3号楼），11:00–12:30')
  })
})
