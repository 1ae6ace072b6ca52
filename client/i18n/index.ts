// vue-i18n with zh-CN as the default and an English switch that persists on the device.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN/index.ts'
import en from './en/index.ts'
import { setApiLanguage } from '../api/http.ts'

export type Locale = 'zh-CN' | 'en'
const STORAGE_KEY = 'lastmile.locale'

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    /* storage may be unavailable (private mode); fall back to the default */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale
  setApiLanguage(locale)
  document.documentElement.lang = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    /* not persisted; still switched for this visit */
  }
}

setApiLanguage(i18n.global.locale.value)
if (typeof document !== 'undefined') document.documentElement.lang = i18n.global.locale.value
