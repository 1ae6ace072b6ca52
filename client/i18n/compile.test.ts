import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN/index.ts'
import en from './en/index.ts'
import { compileMessage, parseMessage } from './compile.ts'
import { i18n } from './index.ts'

/** Every string message with its dotted key. */
function messages(obj: unknown, prefix = ''): [string, string][] {
  if (typeof obj === 'string') return [[prefix, obj]]
  if (typeof obj !== 'object' || obj === null) return []
  return Object.entries(obj).flatMap(([k, v]) => messages(v, prefix ? `${prefix}.${k}` : k))
}

const catalogues = { 'zh-CN': zhCN, en }
type Translate = (key: string, named: Record<string, unknown>, plural?: number) => string
interface Instance {
  locale: { value: string }
  t: Translate
}
const instance = (options: object): Instance =>
  createI18n({ legacy: false, locale: 'zh-CN', missingWarn: false, fallbackWarn: false, ...options }).global as never
// vue-i18n's own compiler (its default outside the app's build) and the app's, over the same catalogues.
const theirs = instance({ messages: catalogues, warnHtmlMessage: false })
const ours = instance({ messages: catalogues, messageCompiler: compileMessage })

describe('message compiler', () => {
  it('splits text and named placeholders', () => {
    expect(parseMessage('{n}元')).toEqual([{ named: 'n' }, '元'])
    expect(parseMessage('办理{name}，请带齐以下材料：{items}。')).toEqual(['办理', { named: 'name' }, '，请带齐以下材料：', { named: 'items' }, '。'])
    expect(parseMessage('')).toEqual([''])
    expect(parseMessage('no placeholder')).toEqual(['no placeholder'])
  })

  it('renders every message of both languages as vue-i18n’s own compiler does', () => {
    let checked = 0
    for (const locale of ['zh-CN', 'en'] as const) {
      theirs.locale.value = locale
      ours.locale.value = locale
      for (const [key, text] of messages(catalogues[locale])) {
        const named = Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, `⟨${m[1]}⟩`]))
        expect(ours.t(key, named), `${locale} ${key}`).toBe(theirs.t(key, named))
        // With a count, as pages pass one for a number in the text.
        expect(ours.t(key, { ...named, n: 3 }, 3), `${locale} ${key} (3)`).toBe(theirs.t(key, { ...named, n: 3 }, 3))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(1000)
  })

  it('is the compiler the app’s messages go through', () => {
    expect(i18n.global.t('common.back')).toBe(zhCN.common.back)
    expect(i18n.global.t('auth.signedInAs', { name: '王', role: '巡查员' })).toBe('王（巡查员）')
  })
})
