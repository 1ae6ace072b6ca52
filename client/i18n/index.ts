// vue-i18n with zh-CN as the default and an English switch that persists on the device. Only the
// shell's zh-CN messages (common.ts) are in the app shell; every other file of messages is its own
// chunk in each language (precached by the service worker, so they load offline too), fetched with
// the routes that name its groups (`loadMessages`), and in English before the first render when saved,
// or on the switch.
import { createI18n, useI18n as useVueI18n } from 'vue-i18n'
import common from './zh-CN/common.ts'
import type zhCN from './zh-CN/index.ts'
import { GROUP_FILES, type LazyGroup, type MessageFile } from './groups.ts'
import { setApiLanguage } from '../api/http.ts'
import { compileMessage } from './compile.ts'

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
  messages: { 'zh-CN': common } as Record<Locale, Messages>,
  // Text and `{name}` placeholders only (compile.ts): vue-i18n's own compiler is not in the build.
  messageCompiler: compileMessage as never,
})

type MessageModule = { default: Record<string, unknown> }
/** Each language's files of messages, one chunk each; zh-CN's common.ts is the shell's own. */
const FILES: Record<Locale, Record<string, () => Promise<MessageModule>>> = {
  'zh-CN': import.meta.glob<MessageModule>(['./zh-CN/*.ts', '!./zh-CN/index.ts', '!./zh-CN/common.ts']),
  en: import.meta.glob<MessageModule>(['./en/*.ts', '!./en/index.ts']),
}

/** Files loaded (or loading) per language, and the files the pages opened so far need in any language. */
const loading: Record<Locale, Map<string, Promise<void>>> = { 'zh-CN': new Map([['common', Promise.resolve()]]), en: new Map() }
const needed = new Set<MessageFile | 'common'>(['common'])

function loadFiles(locale: Locale, files: Iterable<MessageFile | 'common'>): Promise<void> {
  const started = [...files].map((file) => {
    let done = loading[locale].get(file)
    if (!done) {
      const load = FILES[locale][`./${locale}/${file}.ts`]
      if (!load) throw new Error(`no messages file ${locale}/${file}.ts`)
      done = load().then(
        (m) => i18n.global.mergeLocaleMessage(locale, m.default as Messages),
        (e: unknown) => {
          loading[locale].delete(file) // a later navigation tries again
          throw e
        },
      )
      loading[locale].set(file, done)
    }
    return done
  })
  return Promise.all(started).then(() => undefined)
}

/** The language being switched to (the current one when no switch is under way). */
let target: Locale = 'zh-CN'

/** Loads the groups' messages in the current language (and remembers them for a switch of language). */
export function loadMessages(groups: readonly LazyGroup[]): Promise<void> {
  const files = new Set(groups.map((g) => GROUP_FILES[g]))
  for (const f of files) needed.add(f)
  const locales = new Set([i18n.global.locale.value, target])
  return Promise.all([...locales].map((l) => loadFiles(l, files))).then(() => undefined)
}

/** A lazy part's loader that also loads the groups of messages the part uses (for defineAsyncComponent). */
export function withMessages<T>(groups: readonly LazyGroup[], load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), loadMessages(groups)]).then(([part]) => part)
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
  target = locale
  try {
    await loadFiles(locale, new Set(needed))
  } catch (e) {
    target = i18n.global.locale.value
    throw e
  }
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
