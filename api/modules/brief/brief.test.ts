// The monthly brief against the seeded demo data: its periods (last month beside this one, the
// cut-off, the worst hotspots), agreements before and after, bad months and places answer problem+json
// in zh-CN, what each role sees, and the brief never carries a resident's name or phone, neither as JSON
// nor in the .docx. Every figure computed again in plain SQL: brief-sql.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import mammoth from 'mammoth'
import type { TestApp } from '../../test-support/testing.ts'
import { briefTestApp, SD } from '../../test-support/brief.ts'
import { MonthlyBrief, BriefGlance, periodOf, formatFigure } from '#domain/brief/brief.ts'
import { uuidv7 } from '#domain/ids.ts'
import { figureText } from './docx.ts'
import { agreementBeforeAfter } from '../patrol/agreements/before-after.ts'
import { BEFORE_AFTER_MIN_PER_SIDE } from '#domain/patrol/before-after.ts'
import { sha256Hex } from '../../media/service.ts'
import { jpegWithExif } from '../../test-support/media-fixtures.ts'

let t: TestApp
let cookies: Record<string, string>
let brief: Awaited<ReturnType<typeof briefTestApp>>['brief']

beforeAll(async () => {
  ;({ t, cookies, brief } = await briefTestApp())
}, 60_000)
afterAll(() => t.close(), 60_000)

describe('the brief over months', () => {
  it('puts last month beside this month, and says why the same month last year is missing', async () => {
    const nov = await brief('month=2026-11')
    const oct = await brief('month=2026-10')
    const visits = (b: MonthlyBrief) => b.sections.find((s) => s.id === 'counter')!.figures.find((f) => f.key === 'visits')!
    expect(visits(nov).previous.value).toBe(visits(oct).current.value)
    expect(visits(nov).last_year).toEqual({ value: null, reason: '去年同月无记录' })
    const reports = (b: MonthlyBrief) => b.sections.find((s) => s.id === 'patrol')!.figures.find((f) => f.key === 'reports')!
    expect(reports(nov).previous.value).toBe(reports(oct).current.value)
    expect(reports(oct).previous).toEqual({ value: null, reason: '上月无记录' })
    expect(reports(nov).link).toBe('/coordinator?from=2026-11-01&to=2026-11-30')
  })

  it('states its cut-off: the month end, or now while the month runs', async () => {
    expect((await brief('month=2026-11')).cutoff).toBe('2026-11-30T16:00:00.000Z')
    const dec = await brief('month=2026-12')
    expect(dec.cutoff).toBe(t.clock.now.toISOString())
    expect(dec.partial).toBe(true)
  })

  it('lists the five hotspots seen most often, each with its trend', async () => {
    const patrol = (await brief('month=2026-11')).sections.find((s) => s.id === 'patrol')!
    const worst = patrol.tables.find((x) => x.key === 'worst_hotspots')!
    expect(worst.rows.length).toBeGreaterThan(0)
    expect(worst.rows.length).toBeLessThanOrEqual(5)
    const counts = worst.rows.map((r) => r.cells[2] as number)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    for (const r of worst.rows) {
      expect(r.trend).toHaveLength(6)
      expect(r.link).toMatch(/^\/coordinator\/hotspots\//)
    }
  })
})

describe('agreements before and after', () => {
  beforeAll(async () => {
    // An agreement in force where nothing was ever sighted: too few observations to compare.
    const db = t.deps.db
    const a = await db.selectFrom('patrol_agreements').selectAll().where('subdistrict_id', '=', SD).executeTakeFirstOrThrow()
    await db
      .insertInto('patrol_agreements')
      .values({
        ...a,
        id: uuidv7(),
        community_id: 'guangquan',
        title: '无发现地点的协议',
        status: 'active',
        lat: 39.5,
        lng: 116.0,
        hotspot_ids: '[]',
        report_ids: '[]',
      })
      .execute()
  })
  for (const community of [null, 'jiulongshan', 'guangquan']) {
    it(`lists every agreement in force with the blocked share's change${community ? ` in ${community}` : ''}`, async () => {
      const p = periodOf('2026-11', t.clock.now)
      const ids = (
        await sql<{ id: string }>`select a.id from patrol_agreements a where a.subdistrict_id = ${SD} and a.effective_date <= ${p.last_date}
          and (a.status in ('active', 'breached') or (a.status = 'ended' and a.updated_at >= ${p.from}))
          ${community ? sql`and a.community_id = ${community}` : sql``} order by a.effective_date, a.id`.execute(t.deps.db)
      ).rows.map((r) => r.id)
      const b = await brief(`month=2026-11${community ? `&community=${community}` : ''}`)
      const table = b.sections.find((s) => s.id === 'patrol')!.tables.find((x) => x.key === 'agreements_before_after')!
      expect(table.rows.map((r) => r.link)).toEqual(ids.map((id) => `/agreements/${id}`))
      if (!community) expect(table.rows.some((r) => typeof r.cells[4] === 'number')).toBe(true)
      if (community === 'guangquan') expect(table.rows.map((r) => r.cells[4])).toContain('观测不足')
      for (const [i, id] of ids.entries()) {
        const m = (await agreementBeforeAfter(t.deps.db, SD, id))!.result.blocked_share
        expect(table.rows[i]!.cells[3]).toBe(`${m.n_before} / ${m.n_after}`)
        expect(table.rows[i]!.cells[4]).toBe(m.change ?? '观测不足')
        if (m.n_before < BEFORE_AFTER_MIN_PER_SIDE || m.n_after < BEFORE_AFTER_MIN_PER_SIDE) expect(table.rows[i]!.cells[4]).toBe('观测不足')
      }
    })
  }
})

describe('bad input', () => {
  it('refuses a month in the future with a zh-CN problem', async () => {
    const res = await t.req('/api/brief?month=2027-01', { cookie: cookies.coordinator, headers: { 'accept-language': 'zh-CN' } })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect((await res.json()).detail).toBe('该月份尚未开始，暂无月报')
  })

  it('refuses a month written wrong', async () => {
    const res = await t.req('/api/brief?month=2026-13', { cookie: cookies.coordinator, headers: { 'accept-language': 'zh-CN' } })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('月份格式应为 YYYY-MM')
  })

  it('refuses a community that is not in the subdistrict, and another subdistrict', async () => {
    for (const q of ['community=nowhere', 'subdistrict=elsewhere']) {
      const res = await t.req(`/api/brief?month=2026-11&${q}`, { cookie: cookies.coordinator, headers: { 'accept-language': 'zh-CN' } })
      expect(res.status, q).toBe(403)
      expect((await res.json()).detail).toMatch(/社区|街道/)
    }
    const docx = await t.req('/api/brief/brief.docx?month=2027-05', { cookie: cookies.coordinator })
    expect(docx.status).toBe(400)
    expect(docx.headers.get('content-type')).toContain('application/problem+json')
  })

  it('answers a month with no data with empty sections that say why', async () => {
    const b = await brief('month=2024-03')
    expect(b.sections.map((s) => s.id)).toEqual(['patrol', 'residents', 'hotline', 'meals', 'counter'])
    for (const s of b.sections) {
      expect(s.empty).toBeTruthy()
      expect(s.tables).toEqual([])
      for (const f of s.figures) expect(f.previous.reason).toBe('上月无记录')
    }
  })
})

describe('who sees what', () => {
  it('shows meals staff only the meals section and counter staff only the counter section; inspectors nothing', async () => {
    expect((await brief('month=2026-11', 'meals')).sections.map((s) => s.id)).toEqual(['meals'])
    expect((await brief('month=2026-11', 'counter')).sections.map((s) => s.id)).toEqual(['counter'])
    expect((await brief('month=2026-11', 'admin')).sections.map((s) => s.id)).toEqual(['patrol', 'residents', 'hotline', 'meals', 'counter'])
    expect((await t.req('/api/brief?month=2026-11', { cookie: cookies.inspector })).status).toBe(403)
    expect((await t.req('/api/brief/glance', { cookie: cookies.inspector })).status).toBe(403)
  })

  it('links a number only to a list the role may open', async () => {
    const coord = (await brief('month=2026-11')).sections.find((s) => s.id === 'meals')!
    expect(coord.figures.find((f) => f.key === 'new_subscribers')!.link).toBeNull()
    const meals = (await brief('month=2026-11', 'meals')).sections.find((s) => s.id === 'meals')!
    expect(meals.figures.find((f) => f.key === 'new_subscribers')!.link).toBe('/meals/subscribers')
  })

  it('gives the home card this month against last month from the same figures', async () => {
    const res = await t.req('/api/brief/glance', { cookie: cookies.coordinator })
    const g = BriefGlance.parse(await res.json())
    expect(g.month).toBe('2026-12')
    const b = await brief('month=2026-12')
    for (const f of g.figures) {
      const same = b.sections.find((s) => s.id === f.section)!.figures.find((x) => x.key === f.key)!
      expect([f.current, f.previous], f.key).toEqual([same.current, same.previous])
    }
    expect(g.figures.map((f) => f.section)).toEqual(expect.arrayContaining(['patrol', 'meals', 'counter']))
  })
})

describe('privacy and the .docx', () => {
  it('never carries a resident name or phone, in JSON or in the document', async () => {
    const db = t.deps.db
    const residents = await db.selectFrom('meal_subscribers').select(['name', 'phone']).where('subdistrict_id', '=', SD).execute()
    const masked = await db.selectFrom('counter_visits').select('resident_masked').where('resident_masked', 'is not', null).execute()
    expect(residents.length).toBeGreaterThan(10)
    for (const role of ['coordinator', 'meals', 'counter']) {
      for (const month of ['2026-11', '2026-12']) {
        const json = JSON.stringify(await brief(`month=${month}`, role))
        const doc = await t.req(`/api/brief/brief.docx?month=${month}`, { cookie: cookies[role] })
        const text = (await mammoth.extractRawText({ buffer: Buffer.from(await doc.arrayBuffer()) })).value
        for (const r of residents) {
          for (const hay of [json, text]) {
            expect(hay.includes(r.name), `${role} ${month} name`).toBe(false)
            expect(hay.includes(r.phone), `${role} ${month} phone`).toBe(false)
            expect(hay.includes(r.phone.slice(-4) + '"'), `${role} ${month} phone tail`).toBe(false)
          }
        }
        for (const m of masked) expect(json.includes(m.resident_masked!) || text.includes(m.resident_masked!)).toBe(false)
      }
    }
  })

  it('writes the same figures into the .docx as the brief', async () => {
    const b = await brief('month=2026-11')
    const res = await t.req('/api/brief/brief.docx?month=2026-11', { cookie: cookies.coordinator })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('lastmile-brief-2026-11.docx')
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) })).value
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
    for (const s of b.sections) {
      expect(lines).toContain(s.title)
      for (const f of s.figures) {
        const at = lines.indexOf(f.label)
        expect(at, f.label).toBeGreaterThan(-1)
        expect(lines.slice(at + 1, at + 4), f.label).toEqual([figureText(f.current, f.unit), figureText(f.previous, f.unit), expect.any(String)])
      }
    }
    expect(text).toContain('数据截至 2026-12-01 00:00')
    expect(formatFigure(0.5, 'percent')).toBe('50.0%')
  })

  it('shows the latest photo of a worst hotspot, and embeds it in the .docx', async () => {
    const photo = jpegWithExif()
    const sha = sha256Hex(photo)
    const put = await t.req(`/api/media/${sha}`, {
      method: 'PUT',
      cookie: cookies.inspector,
      body: photo as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'image/jpeg' },
    })
    expect(put.status).toBe(201)
    const before = (await brief('month=2026-11')).sections.find((s) => s.id === 'patrol')!.tables[0]!.rows[0]!
    const hotspotId = before.link!.split('/').pop()!
    const report = await t.deps.db
      .selectFrom('patrol_reports')
      .select('id')
      .where('subdistrict_id', '=', SD)
      .where('hotspot_id', '=', hotspotId)
      .where('observed_at', '>=', '2026-10-31T16:00:00.000Z')
      .orderBy('observed_at', 'desc')
      .executeTakeFirstOrThrow()
    await t.deps.db
      .updateTable('patrol_reports')
      .set({ photos: JSON.stringify([sha]) })
      .where('subdistrict_id', '=', SD)
      .where('id', '=', report.id)
      .execute()
    const row = (await brief('month=2026-11')).sections.find((s) => s.id === 'patrol')!.tables[0]!.rows[0]!
    expect(row.photo).toBe(sha)
    const doc = await t.req('/api/brief/brief.docx?month=2026-11', { cookie: cookies.coordinator })
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(await doc.arrayBuffer()) })).value
    expect(html).toMatch(/<img [^>]*alt="热点照片"/)
  })
})
