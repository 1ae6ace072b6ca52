// vue-i18n with zh-CN as the default and an English switch that persists on the device. Only zh-CN is
// in the app shell; English is its own chunk (precached by the service worker, so it loads offline
// too), fetched before the first render when saved, or on the switch.
import { createI18n, useI18n as useVueI18n } from 'vue-i18n'
import zhCN from './zh-CN/index.ts'
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

type Messages = typeof zhCN

/** Every message key as a dotted path ("patrol.kinds.car"): a misspelt key fails the type check. */
type Keys<T> = keyof T & (string | number)
type PathsOf<T> = T extends string
  ? never
  : T extends readonly unknown[]
    ? `${number}`
    : { [K in Keys<T>]: T[K] extends string ? `${K}` : `${K}.${PathsOf<T[K]>}` }[Keys<T>]
export type MessageKey = PathsOf<Messages>
type GroupsOf<T> = T extends readonly unknown[] ? never : { [K in Keys<T>]: T[K] extends string ? never : `${K}` | `${K}.${GroupsOf<T[K]>}` }[Keys<T>]
/** A group of messages ("patrol.kinds"), for keys whose last part is only known at run time. */
export type MessageGroup = GroupsOf<Messages>

/** The key of a member chosen at run time (a kind, a weekday, a status) of a checked group. */
export const keyIn = (group: MessageGroup, member: string | number) => `${group}.${member}` as MessageKey

/** `t` and `te` of vue-i18n, with keys checked against the zh-CN messages (the English file has the same keys). */
export interface TypedTranslation {
  (key: MessageKey): string
  (key: MessageKey, plural: number): string
  (key: MessageKey, named: Record<string, unknown>, plural?: number): string
  (key: MessageKey, list: unknown[]): string
}

/** vue-i18n's composable with typed keys; components use this one instead of the package's. */
export function useI18n() {
  const composer = useVueI18n()
  return composer as Omit<typeof composer, 't' | 'te'> & { t: TypedTranslation; te: (key: string) => key is MessageKey }
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<Locale, Messages>,
})

async function ensureMessages(locale: Locale) {
  if (i18n.global.availableLocales.includes(locale)) return
  const { default: en } = await import('./en/index.ts')
  i18n.global.setLocaleMessage('en', en)
}

/** Before the first render: the language this device chose last time (zh-CN when none, or when English cannot load). */
export async function initLocale() {
  const saved = initialLocale()
  if (saved === 'zh-CN') return
  try {
    await setLocale(saved)
  } catch {
    /* the English chunk is unreachable: stay in zh-CN for this visit */
  }
}

export async function setLocale(locale: Locale) {
  await ensureMessages(locale)
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
