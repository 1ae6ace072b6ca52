import { beforeAll, describe, expect, it } from 'vitest'
import { i18n, loadMessages } from '../../i18n/index.ts'
import type { TypedTranslation } from '../../i18n/index.ts'
import { daySpeech, pickupSpeech, spokenYuan } from './meals-speech.ts'

const t = i18n.global.t as unknown as TypedTranslation
const dish = (name: string) => ({ name, tags: [], allergens: [] })
const day = {
  date: '2026-12-07',
  weekday: 1,
  closed: false,
  closed_reason: null,
  dishes: { meat: dish('红烧肉'), vegetable: dish('清炒油麦菜'), side: dish('拍黄瓜'), staple: dish('米饭'), soup: null },
}

describe('meals read aloud', () => {
  // The meals pages load these messages with their route (meta.messages).
  beforeAll(() => loadMessages(['meals']))
  it('says money as a voice reads it', () => {
    expect(spokenYuan(t, 3800)).toBe('38元')
    expect(spokenYuan(t, 1250)).toBe('12.5元')
  })
  it('reads a day in the order of the set, with the price', () => {
    expect(daySpeech(t, day, 'zh-CN', 3800)).toBe('周一 12月7日的午餐：荤菜 红烧肉，素菜 清炒油麦菜，小菜 拍黄瓜，主食 米饭。套餐每套38元。')
  })
  it('reads a closed day with its reason', () => {
    expect(daySpeech(t, { ...day, closed: true, closed_reason: '元旦放假' }, 'zh-CN')).toBe('周一 12月7日不供餐。元旦放假')
  })
  it('reads the pickup points, or nothing without any', () => {
    expect(pickupSpeech(t, [{ community_id: 'c1', name: '一号点', address: '幸福路1号', opens_time: '11:00', closes_time: '12:30' }], 'zh-CN')).toBe(
      '取餐点：一号点，幸福路1号，11:00–12:30。',
    )
    expect(pickupSpeech(t, [], 'zh-CN')).toBe('')
  })
})
