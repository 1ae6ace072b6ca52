import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestApp, type TestApp } from '../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import { workOrderMonthFigures } from './index.ts'
import { purgeSubdistrict } from '../../retention/purge.ts'

let t: TestApp
let coord: string
let counter: string
const SD = 'shuangjing'
// The test clock is 2026-12-02T02:00Z = 10:00 in Beijing.
beforeAll(async () => {
  t = await createTestApp()
  ;[coord, counter] = [await t.login('coordinator'), await t.login('counter')]
})
afterAll(() => t.close())

const HEADER = ['工单编号', '受理时间', '问题分类', '问题地址', '诉求内容', '办结时限', '来电号码', '承办单位']
/** A realistic export: a title line, Chinese headers, a bad row (date), a duplicate order number. */
const ROWS: string[][] = [
  ['HX2611280001', '2026-11-28 09:12:05', '市容环境', '双井街道示例小区3号楼', '楼下共享单车堆放，"影响"通行', '2026-11-30 18:00', '13812345678', '双井街道'],
  ['HX2611290002', '2026/11/29 14:03', '噪声扰民', '示例路12号', '夜间施工噪声扰民，\n希望协调', '72小时', '010-65432100', '双井街道'],
  ['HX2611300003', '2026年11月30日 8时30分', '公共设施', '示例公园', '路灯不亮', '2026-12-05', '', '双井街道'],
  ['HX2612010004', '2026-13-01 10:00', '市容环境', '示例街', '垃圾桶满溢', '2026-12-03 10:00', '', '双井街道'],
  ['HX2611280001', '2026-11-28 10:00', '市容环境', '示例街', '重复的工单', '2026-12-03 10:00', '', '双井街道'],
]
const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
const csvOf = (rows: string[][], title = true) =>
  [...(title ? ['12345工单导出（示例）'] : []), HEADER.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n'
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64')

async function xlsxOf(rows: string[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('工单')
  sheet.addRow(HEADER)
  for (const r of rows) {
    // Times as Excel date cells (their UTC fields are the Beijing wall clock), as the hotline's export writes them.
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(r[1]!)
    sheet.addRow([r[0], m && +m[2]! <= 12 ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!)) : r[1], ...r.slice(2)])
  }
  return new Uint8Array(await book.xlsx.writeBuffer())
}

const post = async (path: string, json: unknown, cookie = coord) => {
  const res = await t.req(path, { method: 'POST', cookie, json })
  return { status: res.status, body: (await res.json()) as any }
}
const put = async (path: string, json: unknown, cookie = coord) => {
  const res = await t.req(path, { method: 'PUT', cookie, json })
  return { status: res.status, body: (await res.json()) as any }
}
const get = async (path: string, cookie = coord) => {
  const res = await t.req(path, { cookie })
  return { status: res.status, body: (await res.json()) as any }
}
const count = async () =>
  Number(
    (
      await t.deps.db
        .selectFrom('hotline_work_orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('subdistrict_id', '=', SD)
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('12345 import', () => {
  it('previews a CSV row by row: the bad date and the duplicate named by row and column, nothing written', async () => {
    const before = await count()
    const { status, body } = await post('/api/hotline/imports/preview', { filename: '12345.csv', content_base64: b64(csvOf(ROWS)) })
    expect(status).toBe(200)
    expect(body.format).toBe('csv')
    expect(body.encoding).toBe('utf-8')
    expect(body.rows).toBe(5)
    expect(body.errors).toEqual([
      { row: 6, column: '受理时间', code: 'hotline_received_format', message: '受理时间无法识别，应写作 2026-11-03 09:12' },
      { row: 7, column: '工单编号', code: 'hotline_order_no_duplicate', message: '工单编号在本文件中重复出现（第 3 行已有）' },
    ])
    expect(body.new_orders.map((o: any) => o.order_no)).toEqual(['HX2611280001', 'HX2611290002', 'HX2611300003'])
    const [a, b, c] = body.new_orders
    // Beijing wall clock → UTC; a span counts from the received time; a date alone is the end of that day.
    expect(a.received_at).toBe('2026-11-28T01:12:05.000Z')
    expect(a.deadline_at).toBe('2026-11-30T10:00:00.000Z')
    expect(a.content).toBe('楼下共享单车堆放，"影响"通行')
    expect(a.caller_masked).toBe('138****5678')
    expect(b.received_at).toBe('2026-11-29T06:03:00.000Z')
    expect(b.deadline_at).toBe('2026-12-02T06:03:00.000Z')
    expect(b.content).toBe('夜间施工噪声扰民，\n希望协调')
    expect(b.caller_masked).toBe('010-****2100')
    expect(c.received_at).toBe('2026-11-30T00:30:00.000Z')
    expect(c.deadline_at).toBe('2026-12-05T15:59:59.000Z')
    expect(c.caller_masked).toBeNull()
    expect(body.columns.find((x: any) => x.header === '承办单位').field).toBeNull()
    expect(body.committed).toBe(false)
    expect(await count()).toBe(before)
  })

  it('refuses to import a file with errors (422, every problem by row and column) and writes nothing', async () => {
    const before = await count()
    const { status, body } = await post('/api/hotline/imports', { filename: '12345.csv', content_base64: b64(csvOf(ROWS)) })
    expect(status).toBe(422)
    expect(body.detail).toBe('有 2 处无法读取，未导入任何工单；请修改文件后重新导入')
    expect(body.errors.map((e: any) => e.path)).toEqual(['rows.6.受理时间', 'rows.7.工单编号'])
    expect(await count()).toBe(before)
  })

  it('imports the good rows once; the same file again imports nothing new and says so', async () => {
    const good = ROWS.slice(0, 3)
    const first = await post('/api/hotline/imports', { filename: '12345.csv', content_base64: b64(csvOf(good)) })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ committed: true, imported: 3, already_imported: [] })
    const again = await post('/api/hotline/imports', { filename: '12345.csv', content_base64: b64(csvOf(good)) })
    expect(again.status).toBe(201)
    expect(again.body.imported).toBe(0)
    expect(again.body.already_imported.map((r: any) => r.order_no)).toEqual(['HX2611280001', 'HX2611290002', 'HX2611300003'])
    const list = await get('/api/hotline/orders?q=HX26112')
    expect(list.body.map((o: any) => o.order_no).sort()).toEqual(['HX2611280001', 'HX2611290002'])
    const audit = await t.deps.db.selectFrom('audit_log').select('after_json').where('action', '=', 'hotline.import').execute()
    expect(audit.map((a) => JSON.parse(a.after_json!).imported)).toEqual([3, 0])
  })

  it('reads the same export as .xlsx (made with exceljs), with its date cells in Beijing time', async () => {
    const rows = ROWS.map((r) => [r[0]!.replace('HX', 'XL'), ...r.slice(1)] as string[]).map((r, i) =>
      i === 4 ? [ROWS[0]![0]!.replace('HX', 'XL'), ...r.slice(1)] : r,
    )
    const file = b64(await xlsxOf(rows))
    const preview = await post('/api/hotline/imports/preview', { filename: '12345.xlsx', content_base64: file })
    expect(preview.status).toBe(200)
    expect(preview.body.format).toBe('xlsx')
    expect(preview.body.encoding).toBeNull()
    expect(preview.body.errors.map((e: any) => [e.row, e.column, e.code])).toEqual([
      [5, '受理时间', 'hotline_received_format'],
      [6, '工单编号', 'hotline_order_no_duplicate'],
    ])
    expect(preview.body.new_orders[0]).toMatchObject({ order_no: 'XL2611280001', received_at: '2026-11-28T01:12:00.000Z', caller_masked: '138****5678' })
    expect((await post('/api/hotline/imports', { filename: '12345.xlsx', content_base64: file })).status).toBe(422)
    const ok = await post('/api/hotline/imports', { filename: '12345.xlsx', content_base64: b64(await xlsxOf(rows.slice(0, 3))) })
    expect(ok.status).toBe(201)
    expect(ok.body.imported).toBe(3)
  })

  it('reads GB18030 (as Chinese Excel saves a CSV) and UTF-8 with a BOM', async () => {
    const text = csvOf([['GB2611280009', '2026-11-28 09:00', '其他', '示例', '中文内容', '2026-12-10 18:00', '', '']], false)
    const gb = new Uint8Array(Buffer.from(text.replace(/[^\x00-\x7f]/g, ''), 'ascii').length ? encodeGb18030(text) : [])
    const r1 = await post('/api/hotline/imports/preview', { filename: 'gb.csv', content_base64: b64(gb) })
    expect(r1.body.encoding).toBe('gb18030')
    expect(r1.body.new_orders[0]).toMatchObject({ order_no: 'GB2611280009', content: '中文内容' })
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text)])
    const r2 = await post('/api/hotline/imports/preview', { filename: 'bom.csv', content_base64: b64(bom) })
    expect(r2.body.encoding).toBe('utf-8')
    expect(r2.body.new_orders[0].content).toBe('中文内容')
  })

  it('a file without a required column says which, for the header row; synonyms are matched', async () => {
    const text = '工单号,派单时间,地址,反映内容\r\nSY26112801,2026-11-28 09:00,示例,内容\r\n'
    const { body } = await post('/api/hotline/imports/preview', { filename: 'x.csv', content_base64: b64(text) })
    expect(body.missing_columns).toEqual(['办结时限'])
    expect(body.errors).toEqual([{ row: 1, column: '办结时限', code: 'hotline_column_missing', message: '文件缺少“办结时限”列' }])
    expect(body.new_orders).toEqual([])
    expect(body.columns.map((c: any) => c.field)).toEqual(['order_no', 'received_at', 'address', 'content'])
  })

  it('refuses what is not an export: no header row, an old .xls, a broken workbook (422, in English when asked)', async () => {
    const noHeader = await post('/api/hotline/imports/preview', { filename: 'x.csv', content_base64: b64('a,b\r\n1,2\r\n') })
    expect(noHeader.status).toBe(422)
    expect(noHeader.body.errors[0]).toMatchObject({ path: 'content_base64', code: 'hotline_file_empty' })
    const xls = await post('/api/hotline/imports/preview', { filename: 'x.xls', content_base64: b64(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3])) })
    expect(xls.body.errors[0].code).toBe('hotline_file_xls')
    const res = await t.req('/api/hotline/imports/preview', {
      method: 'POST',
      cookie: coord,
      headers: { 'accept-language': 'en' },
      json: { filename: 'x.xlsx', content_base64: b64(new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9])) },
    })
    expect(res.status).toBe(422)
    expect(((await res.json()) as any).detail).toMatch(/cannot be read/)
    const bad = await post('/api/hotline/imports/preview', { filename: 'x.csv', content_base64: '***' })
    expect(bad.status).toBe(400)
  })

  it('the same file imported at once several times (same id or not) writes each order once', async () => {
    const rows = [['CC2611280001', '2026-11-28 09:00', '其他', '示例', '并发导入', '2026-12-10 18:00', '', '']]
    const file = b64(csvOf(rows))
    const id = uuidv7()
    const same = await Promise.all(Array.from({ length: 4 }, () => post('/api/hotline/imports', { id, filename: 'a.csv', content_base64: file })))
    expect(same.map((a) => a.status)).toEqual([201, 201, 201, 201])
    for (const a of same) expect(a.body).toEqual(same[0]!.body)
    const others = await Promise.all(Array.from({ length: 3 }, () => post('/api/hotline/imports', { id: uuidv7(), filename: 'a.csv', content_base64: file })))
    expect(others.map((a) => [a.status, a.body.imported])).toEqual([
      [201, 0],
      [201, 0],
      [201, 0],
    ])
    const stored = await t.deps.db.selectFrom('hotline_work_orders').select('id').where('order_no', '=', 'CC2611280001').execute()
    expect(stored).toHaveLength(1)
  })

  it('counter staff and inspectors may not import', async () => {
    expect((await post('/api/hotline/imports/preview', { filename: 'x.csv', content_base64: b64(csvOf(ROWS)) }, counter)).status).toBe(403)
  })
})

describe('work orders', () => {
  it('a coordinator links an order to a hotspot, records the reply and the satisfaction; each is audited', async () => {
    const hotspot = await t.deps.db
      .selectFrom('patrol_hotspots')
      .select(['id', 'landmark'])
      .where('subdistrict_id', '=', SD)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const order = (await get('/api/hotline/orders?q=HX2611290002')).body[0]
    expect(order.state).toBe('open')
    const early = await put(`/api/hotline/orders/${order.id}/satisfaction`, { satisfaction: 'satisfied' })
    expect(early.status).toBe(409)
    const unknown = await put(`/api/hotline/orders/${order.id}/link`, { kind: 'hotspot', target_id: uuidv7() })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0]).toMatchObject({ path: 'target_id', code: 'hotline_link_unknown' })
    const linked = await put(`/api/hotline/orders/${order.id}/link`, { kind: 'hotspot', target_id: hotspot.id })
    expect(linked.body.link).toEqual({ kind: 'hotspot', id: hotspot.id, label: hotspot.landmark })
    const replied = await put(`/api/hotline/orders/${order.id}/reply`, { reply: '已协调施工单位调整作业时间。' })
    expect(replied.status).toBe(200)
    expect(replied.body).toMatchObject({ state: 'replied', replied_at: t.clock.now.toISOString() })
    const sat = await put(`/api/hotline/orders/${order.id}/satisfaction`, { satisfaction: 'basically_satisfied' })
    expect(sat.body.satisfaction).toBe('basically_satisfied')
    const bad = await put(`/api/hotline/orders/${order.id}/satisfaction`, { satisfaction: '满意' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].message).toBe('回访满意度应为满意、基本满意或不满意')
    const actions = await t.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', order.id).orderBy('at').execute()
    expect(actions.map((a) => a.action)).toEqual(['hotline.order.link', 'hotline.order.reply', 'hotline.order.satisfaction'])
  })

  it('the deadline list: overdue (most overdue first) and due within 24 h, without the answered ones', async () => {
    const { body } = await get('/api/hotline/orders/due')
    expect(body.at).toBe(t.clock.now.toISOString())
    const overdue = body.overdue.map((o: any) => o.order_no)
    expect(overdue).toContain('HX2611280001') // deadline 2026-11-30 18:00
    expect(overdue).toContain('DEMO-20260002')
    expect(body.overdue.every((o: any) => o.state === 'overdue')).toBe(true)
    expect(body.overdue.map((o: any) => o.deadline_at)).toEqual([...body.overdue.map((o: any) => o.deadline_at)].sort())
    expect(body.due_soon.map((o: any) => o.order_no)).toEqual(['XL2611290002', 'DEMO-20260001']) // 72 h from 11-29 14:03; 10 h ahead
    expect([...overdue, ...body.due_soon.map((o: any) => o.order_no)]).not.toContain('HX2611290002') // replied
    const wide = await get('/api/hotline/orders/due?within_hours=96')
    expect(wide.body.due_soon.map((o: any) => o.order_no)).toContain('HX2611300003')
  })

  it('counter staff see and answer only orders linked to a counter matter', async () => {
    const list = await get('/api/hotline/orders', counter)
    expect(list.body.map((o: any) => o.link?.kind)).toEqual(['guide'])
    const other = (await get('/api/hotline/orders?q=HX2611280001')).body[0]
    expect((await get(`/api/hotline/orders/${other.id}`, counter)).status).toBe(404)
    expect((await put(`/api/hotline/orders/${other.id}/reply`, { reply: 'x' }, counter)).status).toBe(404)
    expect((await put(`/api/hotline/orders/${other.id}/link`, { kind: null }, counter)).status).toBe(403)
    const mine = list.body[0]
    expect((await put(`/api/hotline/orders/${mine.id}/reply`, { reply: '已电话告知所需材料。' }, counter)).status).toBe(200)
  })

  it('an order entered by hand, once under its id; its number is unique', async () => {
    const id = uuidv7()
    const input = {
      id,
      order_no: 'MAN-0001',
      received_at: '2026-12-01T09:00:00+08:00',
      deadline_at: '2026-12-03T18:00:00+08:00',
      content: '电话转来的诉求',
      caller_phone: '13900001111',
    }
    const a = await post('/api/hotline/orders', input)
    expect(a.status).toBe(201)
    expect(a.body).toMatchObject({ source: 'manual', received_at: '2026-12-01T01:00:00.000Z', caller_masked: '139****1111' })
    const again = await post('/api/hotline/orders', input)
    expect(again.body.id).toBe(id)
    const dup = await post('/api/hotline/orders', { ...input, id: uuidv7() })
    expect(dup.status).toBe(400)
    expect(dup.body.errors[0]).toMatchObject({ path: 'order_no', message: '该工单编号已存在' })
    const backwards = await post('/api/hotline/orders', { ...input, id: uuidv7(), order_no: 'MAN-0002', deadline_at: '2026-11-30T00:00:00+08:00' })
    expect(backwards.body.errors[0]).toMatchObject({ path: 'deadline_at', message: '办结时限早于受理时间' })
    const stored = await t.deps.db.selectFrom('hotline_work_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(JSON.stringify(stored)).not.toContain('13900001111')
  })

  it('the monthly figures for the brief', async () => {
    const sd = 'fig-test'
    const row = (n: number, over: Record<string, unknown>) => ({
      subdistrict_id: sd,
      id: uuidv7(),
      order_no: `FIG-${n}`,
      source: 'import',
      category: '',
      address: '',
      content: 'x',
      caller_masked: null,
      link_kind: null,
      link_id: null,
      reply: '',
      replied_at: null,
      replied_by: null,
      satisfaction: null,
      satisfaction_at: null,
      import_file: null,
      created_at: '2026-11-01T00:00:00Z',
      created_by: null,
      updated_at: '2026-11-01T00:00:00Z',
      received_at: '2026-11-05T00:00:00.000Z',
      deadline_at: '2026-11-08T00:00:00.000Z',
      ...over,
    })
    await t.deps.db
      .insertInto('hotline_work_orders')
      .values([
        row(1, { replied_at: '2026-11-07T00:00:00.000Z', satisfaction: 'satisfied', satisfaction_at: '2026-11-09T00:00:00.000Z' }),
        row(2, { replied_at: '2026-11-10T00:00:00.000Z', satisfaction: 'dissatisfied', satisfaction_at: '2026-12-02T00:00:00.000Z' }),
        row(3, {}), // overdue, still open
        row(4, {
          received_at: '2026-10-20T00:00:00.000Z',
          deadline_at: '2026-10-25T00:00:00.000Z',
          replied_at: '2026-11-02T00:00:00.000Z',
          satisfaction: 'basically_satisfied',
          satisfaction_at: '2026-11-03T00:00:00.000Z',
        }),
        row(5, { received_at: '2026-11-29T00:00:00.000Z', deadline_at: '2026-12-04T00:00:00.000Z' }), // open, not yet due at month end
        row(6, { received_at: '2026-11-20T00:00:00.000Z', deadline_at: '2026-11-25T00:00:00.000Z', replied_at: '2026-12-01T00:00:00.000Z' }), // open at month end
      ])
      .execute()
    // November in Beijing time.
    expect(await workOrderMonthFigures(t.deps.db, sd, '2026-11-01T00:00:00+08:00', '2026-12-01T00:00:00+08:00')).toEqual({
      received: 5,
      replied: 3,
      replied_on_time: 1,
      overdue_open: 2,
      satisfied: 1,
      basically_satisfied: 1,
      dissatisfied: 0,
    })
  })

  it('past the retention period the caller’s masked number is cleared; the order stays', async () => {
    const demo = await t.deps.db
      .selectFrom('hotline_work_orders')
      .select(['id', 'caller_masked'])
      .where('order_no', '=', 'DEMO-20260002')
      .executeTakeFirstOrThrow()
    expect(demo.caller_masked).toBe('139****0002')
    t.clock.advance(400 * 86_400_000)
    await purgeSubdistrict({ db: t.deps.db, now: () => t.clock.now, modules: t.deps.modules }, SD)
    t.clock.advance(-400 * 86_400_000)
    const after = await t.deps.db.selectFrom('hotline_work_orders').select(['caller_masked', 'content']).where('id', '=', demo.id).executeTakeFirstOrThrow()
    expect(after).toEqual({ caller_masked: null, content: '夜间有施工噪声，影响休息。' })
  })
})

/** GB18030 bytes of a text (Node decodes GB18030 but does not encode it): through a table of the characters used. */
function encodeGb18030(text: string): Uint8Array {
  const out: number[] = []
  const decoder = new TextDecoder('gb18030')
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (code < 0x80) {
      out.push(code)
      continue
    }
    let found: number[] | undefined
    for (let hi = 0x81; hi <= 0xfe && !found; hi++)
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue
        if (decoder.decode(new Uint8Array([hi, lo])) === ch) {
          found = [hi, lo]
          break
        }
      }
    if (!found) throw new Error(`no GB18030 code for ${ch}`)
    out.push(...found)
  }
  return new Uint8Array(out)
}
