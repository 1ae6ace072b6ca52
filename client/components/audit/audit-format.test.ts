import { describe, expect, it } from 'vitest'
import { auditLines } from './audit-format.ts'

describe('auditLines', () => {
  it('lists each field and marks the ones the other side has with another value', () => {
    const before = { worker_id: 'a', open_weekdays: [1, 2], note: '' }
    const after = { worker_id: 'b', open_weekdays: [1, 2], extra: true }
    expect(auditLines(after, before)).toEqual([
      { key: 'worker_id', text: 'b', changed: true },
      { key: 'open_weekdays', text: '[1,2]', changed: false },
      { key: 'extra', text: 'true', changed: true },
    ])
    expect(auditLines(before, after)?.map((l) => l.changed)).toEqual([true, false, true])
  })

  it('marks nothing when there is no other side, shows a list as one line and nothing as null', () => {
    expect(auditLines({ name: '取餐点', note: '', id_number: null }, null)).toEqual([
      { key: 'name', text: '取餐点', changed: false },
      { key: 'note', text: '—', changed: false },
      { key: 'id_number', text: '—', changed: false },
    ])
    expect(auditLines([{ date: '2026-12-14' }], [])).toEqual([{ key: '', text: '[{"date":"2026-12-14"}]', changed: false }])
    expect(auditLines(null, { a: 1 })).toBeNull()
  })

  it('words a snapshot for people: labels, fen as money, ids as the names the server found', () => {
    const dish = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
    const words = {
      label: (k: string) => ({ set_fen: '套餐价', soup_fen: '汤羹价', closed: '停餐', date: '日期', dishes: '菜品', meat: '荤菜', side: '小菜' })[k] ?? k,
      money: (fen: number) => `¥${(fen / 100).toFixed(2)}`,
      names: { [dish]: '红烧肉' },
      yesNo: (v: boolean) => (v ? '是' : '否'),
    }
    expect(auditLines({ set_fen: 4000, soup_fen: 300 }, { set_fen: 3800, soup_fen: 300 }, words)).toEqual([
      { key: '套餐价', text: '¥40.00', changed: true },
      { key: '汤羹价', text: '¥3.00', changed: false },
    ])
    const after = [{ date: '2026-12-14', closed: false, dishes: { meat: dish, side: null } }]
    const before = [{ date: '2026-12-14', closed: false, dishes: { meat: { id: dish, name: '红烧肉', tags: [] }, side: null } }]
    expect(auditLines(after, before, words)).toEqual([{ key: '', text: '日期 2026-12-14，停餐 否，菜品 荤菜 红烧肉，小菜 —', changed: true }])
    expect(auditLines(before, null, words)![0]!.text).toBe('日期 2026-12-14，停餐 否，菜品 荤菜 红烧肉，小菜 —')
    expect(auditLines({ [dish]: 'w1' }, null, words)).toEqual([{ key: '红烧肉', text: 'w1', changed: false }])
  })
})
