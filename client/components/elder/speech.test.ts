import { describe, expect, it } from 'vitest'
import { pickVoice, sentences } from './speech.ts'

const v = (lang: string, name = lang, localService = false) => ({ lang, name, localService })

describe('pickVoice', () => {
  it('prefers a zh-CN voice for zh-CN, then any Chinese voice', () => {
    expect(pickVoice([v('en-US'), v('zh-TW'), v('zh-CN')], 'zh-CN')?.lang).toBe('zh-CN')
    expect(pickVoice([v('en-US'), v('zh_HK')], 'zh-CN')?.lang).toBe('zh_HK')
    expect(pickVoice([v('cmn-Hans-CN')], 'zh-CN')?.lang).toBe('cmn-Hans-CN')
  })
  it('prefers a voice on the device among equals', () => {
    expect(pickVoice([v('zh-CN', 'net'), v('zh-CN', 'local', true)], 'zh-CN')?.name).toBe('local')
  })
  it('has none without a voice of the language', () => {
    expect(pickVoice([v('en-US'), v('ja-JP')], 'zh-CN')).toBeNull()
    expect(pickVoice([], 'zh-CN')).toBeNull()
    expect(pickVoice([v('zh-CN')], 'en')).toBeNull()
  })
})

describe('sentences', () => {
  it('splits at Chinese and Latin sentence ends, never inside a number', () => {
    expect(sentences('今天的午餐：红烧肉。套餐每套38.5元。取餐点：一号')).toEqual(['今天的午餐：红烧肉。', '套餐每套38.5元。', '取餐点：一号'])
    expect(sentences('  ')).toEqual([])
  })
})
