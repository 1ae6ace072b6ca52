// Which file of client/i18n/<locale>/ holds each group of messages (the first part of a key). The app
// shell holds common.ts in zh-CN; every other file is its own chunk, loaded with the routes that name
// its groups (`meta.messages`) and, in English, when the language is switched.
import type common from './zh-CN/common.ts'
import type all from './zh-CN/index.ts'

/** A group of the shell's own messages (common.ts). */
export type ShellGroup = keyof typeof common
/** A group of messages that loads with the routes that need it. */
export type LazyGroup = Exclude<keyof typeof all, ShellGroup>

export const GROUP_FILES = {
  accounts: 'accounts',
  agreements: 'agreements',
  brief: 'brief',
  consent: 'consent',
  coordinator: 'coordinator',
  counter: 'counter',
  publicGuides: 'counter',
  hotline: 'hotline',
  insecure: 'insecure',
  maps: 'maps',
  meals: 'meals',
  operator: 'operator',
  patrol: 'patrol',
  refLayers: 'reference-layers',
  coordInput: 'reference-layers',
  residents: 'residents',
  retention: 'retention',
  privacy: 'security',
  audit: 'security',
  sync: 'sync',
  totp: 'totp',
} as const satisfies Record<LazyGroup, string>

/** A file of client/i18n/<locale>/ that loads on demand (common.ts is in the shell). */
export type MessageFile = (typeof GROUP_FILES)[LazyGroup]

export const LAZY_GROUPS = Object.keys(GROUP_FILES) as LazyGroup[]

/** The lazy group a message key belongs to, if it is not the shell's. */
export function lazyGroupOf(key: string): LazyGroup | undefined {
  const group = key.split('.')[0]!
  return group in GROUP_FILES ? (group as LazyGroup) : undefined
}
