import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

export const newGuide = (over: Record<string, unknown> = {}) => ({
  code: 'TEST-01',
  name: '居家养老服务补贴申请',
  category: 'elderly',
  applicants: '本市户籍失能老年人',
  materials: [
    { name: '居民身份证', form: 'original', copies: 1 },
    { name: '户口簿', form: 'original_and_copy', copies: 1, notes: '户主页和本人页' },
  ],
  steps: ['窗口提交材料', '街道审核', '按月发放'],
  statutory_days: 20,
  promised_days: 10,
  location: '社区公共办公区综合窗口',
  visits_needed: 1,
  last_verified_on: '2026-11-30',
  internal_notes: '只给窗口看的提示',
  ...over,
})

describe('service guides', () => {
  it('creates a guide with computed pinyin initials, edits it into version 2, and keeps both in the history', async () => {
    const cookie = await t.login('counter')
    const res = await t.req('/api/counter/guides', { method: 'POST', cookie, json: newGuide() })
    expect(res.status).toBe(201)
    const g = await res.json()
    expect(g).toMatchObject({ code: 'TEST-01', initials: 'jjylfwbtsq', version: 1, stale: false, fee_fen: 0, updated_by: '孙社工' })

    const edited = await t.req(`/api/counter/guides/${g.id}`, {
      method: 'PUT',
      cookie,
      json: {
        ...newGuide({ promised_days: 7, materials: [...newGuide().materials, { name: '失能评估结果', form: 'copy', copies: 2 }] }),
        base_version: 1,
        change_note: '增加评估结果',
      },
    })
    expect(edited.status).toBe(200)
    expect(await edited.json()).toMatchObject({ version: 2, promised_days: 7 })

    const stale = await t.req(`/api/counter/guides/${g.id}`, { method: 'PUT', cookie, json: { ...newGuide(), base_version: 1 } })
    expect(stale.status).toBe(409)

    const hist = await (await t.req(`/api/counter/guides/${g.id}/history`, { cookie })).json()
    expect(hist.map((h: { version: number }) => h.version)).toEqual([2, 1])
    expect(hist[0]).toMatchObject({ change_note: '增加评估结果', changed_by: '孙社工' })
    expect(hist[0].changed_fields.sort()).toEqual(['materials', 'promised_days'])
    expect(hist[1].snapshot.promised_days).toBe(10)
  })

  it('rejects bad input with per-field messages and saves nothing', async () => {
    const cookie = await t.login('counter')
    const res = await t.req('/api/counter/guides', {
      method: 'POST',
      cookie,
      json: newGuide({ materials: [], steps: [], statutory_days: -2, promised_days: -1, fee_fen: 500 }),
    })
    expect(res.status).toBe(400)
    const body = await res.json()
    const byPath = Object.fromEntries(body.errors.map((e: { path: string; message: string }) => [e.path, e.message]))
    expect(byPath).toMatchObject({
      materials: '至少列出一项申请材料',
      steps: '至少写一个办理步骤',
      statutory_days: '时限不能为负数，当场办结填 0',
      promised_days: '时限不能为负数，当场办结填 0',
      fee_basis: '收费事项须写明收费依据',
    })
    const future = await t.req('/api/counter/guides', { method: 'POST', cookie, json: newGuide({ last_verified_on: '2027-01-01' }) })
    expect((await future.json()).errors).toEqual([expect.objectContaining({ path: 'last_verified_on' })])
    const dup = await t.req('/api/counter/guides', { method: 'POST', cookie, json: newGuide({ code: 'SB-01' }) })
    expect((await dup.json()).errors).toEqual([expect.objectContaining({ path: 'code', message: '事项编码已被使用' })])
    const all = await (await t.req('/api/counter/guides', { cookie })).json()
    expect(all.some((g: { code: string }) => g.code === 'TEST-01')).toBe(false)
  })

  it('searches by pinyin initials and Chinese text, and flags guides unverified for 180 days', async () => {
    const cookie = await t.login('coordinator')
    const yl = await (await t.req('/api/counter/guides?q=yl', { cookie })).json()
    expect(yl.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['城乡居民养老保险参保登记', '养老助残卡申领']))
    expect(yl.every((g: { initials: string }) => g.initials.includes('yl'))).toBe(true)
    const zh = await (await t.req(`/api/counter/guides?q=${encodeURIComponent('残疾')}`, { cookie })).json()
    expect(zh[0].name).toBe('残疾人证办理')
    const all = await (await t.req('/api/counter/guides', { cookie })).json()
    expect(all.length).toBeGreaterThanOrEqual(8)
    expect(all.find((g: { code: string }) => g.code === 'ZF-01').stale).toBe(true)
    expect(all.find((g: { code: string }) => g.code === 'SB-01').stale).toBe(false)
    t.clock.advance(200 * 86_400_000)
    const later = await (await t.req('/api/counter/guides', { cookie: await t.login('coordinator') })).json()
    expect(later.find((g: { code: string }) => g.code === 'SB-01').stale).toBe(true)
  })
})

describe('verification', () => {
  it('marks a stale guide verified today as a new version, clearing the flag', async () => {
    const cookie = await t.login('counter')
    const zf = (await (await t.req('/api/counter/guides?q=ZF-01', { cookie })).json())[0]
    expect(zf.stale).toBe(true)
    const res = await t.req(`/api/counter/guides/${zf.id}/verify`, { method: 'POST', cookie })
    expect(await res.json()).toMatchObject({ stale: false, last_verified_on: '2026-12-02', version: 2 })
    const hist = await (await t.req(`/api/counter/guides/${zf.id}/history`, { cookie })).json()
    expect(hist[0].changed_fields).toEqual(['last_verified_on'])
    expect((await t.req(`/api/counter/guides/${zf.id}/verify`, { method: 'POST', cookie: await t.login('coordinator') })).status).toBe(403)
  })
})

describe('public guide pages', () => {
  it('serves published guides without login, with public fields only', async () => {
    const list = await t.req('/api/counter/public/guides?q=yl')
    expect(list.status).toBe(200)
    const guides = await list.json()
    expect(guides.length).toBeGreaterThanOrEqual(2)
    for (const g of guides) {
      expect(Object.keys(g)).not.toEqual(expect.arrayContaining(['internal_notes']))
      expect(g).not.toHaveProperty('id')
      expect(g).not.toHaveProperty('version')
      expect(g).not.toHaveProperty('updated_by')
      expect(g).not.toHaveProperty('published')
    }
    const one = await (await t.req('/api/counter/public/guides/SB-01')).json()
    expect(one).toMatchObject({ code: 'SB-01', name: '城乡居民养老保险参保登记' })
    expect(one.materials[0]).toMatchObject({ name: '居民身份证', form: 'original', copies: 1 })
    expect(JSON.stringify(one)).not.toContain('系统每月25日后')
  })

  it('hides unpublished drafts and unknown codes', async () => {
    const all = await (await t.req('/api/counter/public/guides')).json()
    expect(all.some((g: { code: string }) => g.code === 'LS-01')).toBe(false)
    expect((await t.req('/api/counter/public/guides/LS-01')).status).toBe(404)
    expect((await t.req('/api/counter/public/guides/NOPE')).status).toBe(404)
    expect((await t.req('/api/counter/public/guides?subdistrict=elsewhere')).status).toBe(404)
  })
})

describe('role boundaries of the guides', () => {
  it('lets counter and admin write, coordinator only read, others nothing', async () => {
    expect((await t.req('/api/counter/guides')).status).toBe(401)
    for (const role of ['inspector', 'meals']) {
      const cookie = await t.login(role)
      expect((await t.req('/api/counter/guides', { cookie })).status).toBe(403)
      expect((await t.req('/api/counter/visits', { cookie })).status).toBe(403)
      expect((await t.req('/api/counter/skills', { cookie })).status).toBe(403)
    }
    const coord = await t.login('coordinator')
    expect((await t.req('/api/counter/guides', { cookie: coord })).status).toBe(200)
    expect((await t.req('/api/counter/guides', { method: 'POST', cookie: coord, json: newGuide() })).status).toBe(403)
    expect((await t.req('/api/counter/visits', { method: 'POST', cookie: coord, json: { id: uuidv7() } })).status).toBe(403)
    const admin = await t.login('admin')
    expect((await t.req('/api/counter/guides', { method: 'POST', cookie: admin, json: newGuide({ code: 'ADM-1' }) })).status).toBe(201)
  })
})
