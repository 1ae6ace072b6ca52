// The purge clears free text that may name people once it is past retention: ticket sale notes and
// void reasons (meals period), counter leave reasons (counter period), devices' copies of those sales
// included (same scrub as the residents' names). Newer text stays.
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { purgeSubdistrict } from './purge.ts'
import { uuidv7 } from '#domain/ids.ts'

let t: TestApp
afterEach(() => t?.close())

const DAY = 86_400_000

describe('purge of free-text notes', () => {
  it('clears sale notes, void reasons and leave reasons past retention', async () => {
    t = await createTestApp()
    const { db } = t.deps
    const sd = (await db.selectFrom('subdistricts').select('id').executeTakeFirstOrThrow()).id
    const sales = await db.selectFrom('meal_sales').select(['id', 'created_at']).where('subdistrict_id', '=', sd).orderBy('created_at').limit(2).execute()
    expect(sales.length).toBe(2)
    await db.updateTable('meal_sales').set({ note: '王大妈的女儿代付' }).where('id', '=', sales[0]!.id).execute()
    await db
      .updateTable('meal_sales')
      .set({ note: '李叔叔', status: 'voided', void_reason: '李叔叔住院了', voided_at: sales[1]!.created_at })
      .where('id', '=', sales[1]!.id)
      .execute()
    const worker = await db.selectFrom('counter_workers').select('id').where('subdistrict_id', '=', sd).executeTakeFirstOrThrow()
    const leave = {
      subdistrict_id: sd,
      id: uuidv7(),
      worker_id: worker.id,
      start_date: '2026-11-02',
      end_date: '2026-11-03',
      half: null,
      reason: '陪母亲张桂英看病',
      created_at: '2026-11-01T00:00:00.000Z',
    }
    await db.insertInto('counter_leaves').values(leave).execute()

    // Not yet due: nothing changes.
    const early = await purgeSubdistrict({ db, now: () => t.clock.now, modules: t.deps.modules }, sd)
    expect(early.counts.free_text_notes).toBe(0)
    expect((await db.selectFrom('meal_sales').select('note').where('id', '=', sales[0]!.id).executeTakeFirstOrThrow()).note).toBe('王大妈的女儿代付')

    t.clock.advance(800 * DAY)
    const run = await purgeSubdistrict({ db, now: () => t.clock.now, modules: t.deps.modules }, sd)
    expect(run.counts.free_text_notes).toBeGreaterThanOrEqual(3)
    const after = await db
      .selectFrom('meal_sales')
      .select(['id', 'note', 'void_reason', 'status'])
      .where('id', 'in', [sales[0]!.id, sales[1]!.id])
      .orderBy('created_at')
      .execute()
    expect(after.map((s) => [s.note, s.void_reason])).toEqual([
      ['', null],
      ['', ''],
    ])
    expect(after[1]!.status).toBe('voided')
    expect((await db.selectFrom('counter_leaves').select('reason').where('id', '=', leave.id).executeTakeFirstOrThrow()).reason).toBe('')
    // A second run finds nothing.
    expect((await purgeSubdistrict({ db, now: () => t.clock.now, modules: t.deps.modules }, sd)).counts.free_text_notes).toBe(0)
  })
})
