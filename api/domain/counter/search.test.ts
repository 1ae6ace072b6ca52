import { describe, expect, it } from 'vitest'
import { searchGuides, matchRank } from './search.ts'
import { isStale, daysSinceVerified } from './stale.ts'
import type { Category } from './guides.ts'

const g = (code: string, name: string, initials: string, category: Category, materials: string[] = []) => ({
  code,
  name,
  initials,
  category,
  materials: materials.map((m) => ({ name: m })),
})
const guides = [
  g('SB-01', '城乡居民养老保险参保登记', 'cxjmylbxcbdj', 'social_security', ['居民身份证', '户口簿']),
  g('YL-01', '高龄津贴申领', 'gljtsl', 'elderly', ['居民身份证']),
  g('CJ-01', '残疾人证办理', 'cjrzbl', 'disability', ['近期免冠照片']),
  g('JY-01', '失业登记', 'sydj', 'employment'),
  g('ZF-01', '公共租赁住房申请', 'ggzlzfsq', 'housing'),
]

describe('guide search', () => {
  it('finds 养老 by its pinyin initials yl, and only guides whose initials contain them', () => {
    expect(searchGuides(guides, 'yl').map((x) => x.name)).toEqual(['城乡居民养老保险参保登记'])
    expect(searchGuides(guides, 'YL ').map((x) => x.code)).toEqual(['SB-01'])
  })

  it('ranks an initials prefix before an initials infix', () => {
    expect(searchGuides(guides, 'gl').map((x) => x.code)).toEqual(['YL-01'])
    expect(searchGuides(guides, 'dj').map((x) => x.code)).toEqual(['JY-01', 'SB-01'])
  })

  it('matches Chinese text in the name, the category and the materials', () => {
    expect(searchGuides(guides, '养老').map((x) => x.code)).toEqual(['SB-01', 'YL-01'])
    expect(searchGuides(guides, '住房').map((x) => x.code)).toEqual(['ZF-01'])
    expect(searchGuides(guides, '照片').map((x) => x.code)).toEqual(['CJ-01'])
    expect(searchGuides(guides, '护照')).toEqual([])
  })

  it('matches the matter code and returns everything for an empty query', () => {
    expect(matchRank(guides[3]!, 'jy-01')).toBe(0)
    expect(searchGuides(guides, '  ')).toHaveLength(5)
  })
})

describe('staleness', () => {
  it('flags a guide after 180 days without verification, not on day 180', () => {
    expect(isStale('2026-06-01', '2026-11-28')).toBe(false) // 180 days
    expect(isStale('2026-06-01', '2026-11-29')).toBe(true) // 181 days
    expect(daysSinceVerified('2026-06-01', '2026-06-01')).toBe(0)
    expect(isStale('not-a-date', '2026-06-01')).toBe(true)
  })
})
