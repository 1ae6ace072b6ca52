// Server-side password rules for every new password (admin page, `npm run user:add`): the zxcvbn-ts
// estimator with English and Chinese dictionaries (pinyin names, common words, number codes) and the
// account's own name, plus explicit checks for patterns it underrates: mobile numbers, birthdays, a
// pinyin name followed by digits, and the published demo password. Kept out of the client bundle.
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'
import { pinyin } from 'pinyin-pro'
import { DEMO_PASSWORD } from './demo-password.ts'
import { PINYIN_SYLLABLES, ZH_GIVEN, ZH_SURNAMES, ZH_WORDS } from './zh-passwords.ts'

/** zxcvbn score 3: about 10^8 guesses or more, "safely unguessable" for an online attacker with throttling. */
export const MIN_SCORE = 3

export const PASSWORD_MESSAGES = {
  password_weak: {
    'zh-CN': '密码太容易被猜到，请换一个更长、更没有规律的密码（例如几个不相关的词加上数字和符号）',
    en: 'This password is too easy to guess; choose a longer, less predictable one (e.g. a few unrelated words with digits and symbols)',
  },
  password_personal: {
    'zh-CN': '密码里不要包含手机号或生日',
    en: 'Do not put a mobile number or a birthday in a password',
  },
  password_name: {
    'zh-CN': '密码不要使用拼音姓名或用户名加数字',
    en: 'Do not use a name (in pinyin) or the username followed by digits',
  },
  password_demo: {
    'zh-CN': '这是公开的演示密码，不能使用',
    en: 'This is the published demo password and cannot be used',
  },
} as const

export type PasswordProblem = keyof typeof PASSWORD_MESSAGES

let estimator: ZxcvbnFactory | undefined
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, zhSurnames: ZH_SURNAMES, zhGiven: ZH_GIVEN, zhWords: ZH_WORDS },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  })
  return estimator
}

const MOBILE = /1[3-9]\d{9}/
const MONTH_DAY = '(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])'
const BIRTHDAY_8 = new RegExp(`(19|20)\\d{2}${MONTH_DAY}`)
const BIRTHDAY_6 = new RegExp(`(^|\\D)\\d{2}${MONTH_DAY}($|\\D)`)

/** Letters that split entirely into at most four pinyin syllables (a name like zhangwei or ouyangxiaoming). */
function isPinyinName(letters: string, max = 4): boolean {
  if (letters.length === 0) return max < 4
  if (max === 0) return false
  for (let n = Math.min(6, letters.length); n >= 1; n--) {
    if (PINYIN_SYLLABLES.has(letters.slice(0, n)) && isPinyinName(letters.slice(n), max - 1)) return true
  }
  return false
}

/** Pinyin of a Chinese display name without tones and spaces (王伟 → wangwei), and its syllables. */
function nameInputs(displayName: string): string[] {
  const syllables = pinyin(displayName, { toneType: 'none', type: 'array' }).filter((s) => /^[a-z]+$/.test(s))
  return syllables.length ? [syllables.join(''), ...syllables] : []
}

/** Why a new password is refused, or undefined when it is fine. */
export function passwordProblem(password: string, account: { username?: string; display_name?: string } = {}): PasswordProblem | undefined {
  const lower = password.toLowerCase()
  if (lower === DEMO_PASSWORD || lower.replace(/[^a-z]/g, '') === DEMO_PASSWORD.replace(/[^a-z]/g, '')) return 'password_demo'
  if (MOBILE.test(password) || BIRTHDAY_8.test(password)) return 'password_personal'
  const shape = /^([a-z]+)[^a-z0-9]?(\d+)[^a-z0-9]?$/.exec(lower)
  const username = account.username?.toLowerCase()
  if (shape && ZH_WORDS.includes(shape[1]!)) return 'password_weak'
  if (shape && (isPinyinName(shape[1]!) || (username && shape[1] === username.replace(/[^a-z]/g, '')))) return 'password_name'
  if (BIRTHDAY_6.test(password) && password.replace(/\d/g, '').length < 6) return 'password_personal'
  const inputs = [account.username, account.display_name, ...(account.display_name ? nameInputs(account.display_name) : [])].filter((s): s is string => !!s)
  const result = zxcvbn().check(password, inputs)
  return result.score < MIN_SCORE ? 'password_weak' : undefined
}
