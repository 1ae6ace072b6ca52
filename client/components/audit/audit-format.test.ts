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
})
