// The one path for a new sighting: a report is inserted already carrying its hotspot (no update of the
// row just written), and a repeat sighting reads nothing it was handed; Open311 and a push agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KyselyPlugin, RootOperationNode } from 'kysely'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import { ReportInput, ObservationInput } from '#domain/patrol/report.ts'
import { addObservation, createReport } from './service.ts'

let t: TestApp
let reporter: { id: string; display_name: string }
beforeAll(async () => {
  t = await createTestApp()
  reporter = await t.deps.db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'inspector').executeTakeFirstOrThrow()
})
afterAll(() => t.close())

/** Records, per statement, its kind and the table it names. */
function recorder() {
  const seen: string[] = []
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      const table = (n: RootOperationNode): string => {
        const s = JSON.stringify(n)
        return /"TableNode".*?"name":"(\w+)"/.exec(s)?.[1] ?? ''
      }
      seen.push(`${node.kind}:${table(node)}`)
      return node
    },
    async transformResult({ result }) {
      return result
    },
  }
  return { seen, db: t.deps.db.withPlugin(plugin) }
}

const SPOT = { lat: 39.8986, lng: 116.4801 }
const report = ReportInput.parse({
  position: { ...SPOT, accuracy_m: 6, source: 'gps' },
  community_id: 'jiulongnan',
  address: '外企大厦门前',
  kind: 'shared_bike',
  counts: { 'bike-a': 21 },
  blocked_share: 0.5,
  clear_width_m: 0.9,
  photos: [],
  note: '',
  observed_at: '2026-12-02T01:58:00.000Z',
})

describe('createReport and addObservation', () => {
  it('inserts the report with its hotspot id and never updates the row it wrote', async () => {
    const id = uuidv7()
    const sd = 'shuangjing'
    const { seen, db } = recorder()
    const res = await db.transaction().execute((tx) => createReport(tx, { subdistrictId: sd, id, data: report, reporter, at: t.clock.now }))
    expect(res).toMatchObject({ version: 1, community_id: 'jiulongnan', record: { id, reporter_name: reporter.display_name, status: 'open' } })
    const row = await t.deps.db.selectFrom('patrol_reports').select(['hotspot_id']).where('id', '=', id).executeTakeFirstOrThrow()
    const hotspot = await t.deps.db.selectFrom('patrol_hotspots').select('id').where('id', '=', row.hotspot_id!).executeTakeFirst()
    expect(hotspot).toBeDefined()
    expect(seen.filter((s) => s === 'InsertQueryNode:patrol_reports')).toHaveLength(1)
    expect(seen.filter((s) => s === 'UpdateQueryNode:patrol_reports')).toEqual([])

    const obsId = uuidv7()
    const again = recorder()
    const { community_id: _c, address: _a, kind: _k, ...sighting } = report
    const obs = ObservationInput.parse({ ...sighting, report_id: id })
    await again.db.transaction().execute((tx) =>
      addObservation(
        tx,
        { subdistrictId: sd, id: obsId, data: obs, reporter, at: t.clock.now },
        {
          community_id: 'jiulongnan',
          kind: 'shared_bike',
          address: '外企大厦门前',
          hotspot_id: row.hotspot_id,
        },
      ),
    )
    expect(again.seen.filter((s) => s.endsWith(':patrol_observations'))).toEqual(['InsertQueryNode:patrol_observations'])
    expect(again.seen.filter((s) => s.endsWith(':patrol_reports'))).toEqual([])
  })

  it('refuses an unknown operator before writing anything', async () => {
    const { seen, db } = recorder()
    const bad = { ...report, counts: { 'no-such-operator': 3 } }
    await expect(
      db.transaction().execute((tx) => createReport(tx, { subdistrictId: 'shuangjing', id: uuidv7(), data: bad, reporter, at: t.clock.now })),
    ).rejects.toMatchObject({
      status: 400,
      key: 'patrol_operator_unknown',
      options: { errors: [{ path: 'counts.no-such-operator', key: 'patrol_operator_unknown' }] },
    })
    expect(seen.filter((s) => s.startsWith('Insert') || s.startsWith('Update'))).toEqual([])
  })
})
