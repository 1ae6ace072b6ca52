import { describe, expect, it } from 'vitest'
import { dayConflicts, dishConflicts, Restrictions } from './diet.ts'
import { DishInput } from './catalog.ts'

const day = {
  meat: { name: '宫保鸡丁', tags: ['spicy'], allergens: ['peanut'] },
  vegetable: { name: '清炒西兰花', tags: ['low_salt', 'vegetarian', 'soft'], allergens: [] },
  side: { name: '五香花生', tags: ['vegetarian'], allergens: ['peanut'] },
  staple: { name: '米饭', tags: [], allergens: [] },
  soup: { name: '紫菜蛋花汤', tags: [], allergens: ['egg', 'seafood'] },
}

describe('diet conflicts at the point of sale', () => {
  it('names every dish of the day that contains what the resident is allergic to', () => {
    const c = dayConflicts(['peanut'], day)
    expect(c.map((x) => x.dish)).toEqual(['宫保鸡丁', '五香花生'])
    expect(c.every((x) => x.kind === 'allergen' && x.restriction === 'peanut')).toBe(true)
  })
  it('checks allergens in every category, the soup too', () => {
    expect(dayConflicts(['egg'], day)).toEqual([{ category: 'soup', dish: '紫菜蛋花汤', restriction: 'egg', kind: 'allergen' }])
  })
  it('flags spicy dishes for a resident who avoids them', () => {
    expect(dishConflicts(['no_spicy'], 'meat', day.meat)).toEqual([{ category: 'meat', dish: '宫保鸡丁', restriction: 'no_spicy', kind: 'diet' }])
    expect(dishConflicts(['no_spicy'], 'side', day.side)).toEqual([])
  })
  it('flags seasoned dishes without the tag a diet needs, but not staple or soup, and lists allergies first', () => {
    const c = dayConflicts(['soft', 'seafood'], day)
    expect(c.map((x) => `${x.restriction}:${x.dish}`)).toEqual(['seafood:紫菜蛋花汤', 'soft:宫保鸡丁', 'soft:五香花生'])
  })
  it('finds nothing for no restrictions or an empty day', () => {
    expect(dayConflicts([], day)).toEqual([])
    expect(dayConflicts(['peanut'], { meat: null, soup: undefined })).toEqual([])
  })
  it('accepts only the vocabulary, once each', () => {
    expect(Restrictions.parse(['peanut', 'peanut', 'soft'])).toEqual(['peanut', 'soft'])
    expect(Restrictions.safeParse(['pork']).success).toBe(false)
    expect(DishInput.safeParse({ name: '五香花生', category: 'side', allergens: ['nuts'] }).success).toBe(false)
    expect(DishInput.parse({ name: '五香花生', category: 'side', allergens: ['peanut'] }).allergens).toEqual(['peanut'])
  })
})
