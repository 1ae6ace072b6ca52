// The loader behind messages by route: a group's messages arrive when a route names it, in the
// current language, and a switch of language brings every group opened so far in the new one.
import { describe, expect, it, vi } from 'vitest'
import { i18n, loadMessages, setLocale } from './index.ts'

describe('loadMessages', () => {
  it('loads only the groups asked for, and the switch to English brings them in English', async () => {
    vi.stubGlobal('document', { documentElement: { lang: 'zh-CN' } })
    const { t, te } = i18n.global
    expect(t('app.name')).toBe('最后一公里')
    expect(te('meals.title')).toBe(false)

    await loadMessages(['meals'])
    expect(t('meals.title')).toBe('助餐')
    expect(te('hotline.title')).toBe(false)

    await setLocale('en')
    expect(t('app.name')).toBe('Lastmile')
    expect(t('meals.title')).toBe('Meals')
    expect(te('hotline.title', 'en')).toBe(false)

    // Opened after the switch: in English at once.
    await loadMessages(['patrol'])
    expect(t('patrol.title')).toBe('My patrol')

    // And back: what was opened in English comes in zh-CN too.
    await setLocale('zh-CN')
    expect(t('patrol.title')).toBe('我的巡查')
    vi.unstubAllGlobals()
  })
})
