// The capture draft in the store, autosaved the way the capture page does it (a deep watcher on
// every change): a saved re-check leaves no draft behind, an unsaved one survives as a re-check, and
// clearing the form starts a new report.
import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { effectScope, nextTick, watch } from 'vue'
import { db } from '../db/database.ts'
import { loadDraft } from '../db/sightings.ts'
import { usePatrolStore } from './patrol.ts'
import { useSessionStore } from './session.ts'

const REPORT = '0192f5a4-8c1e-7000-8000-000000000001'
const HERE = { lat: 39.892109, lng: 116.471685, accuracy_m: 8, source: 'gps' as const }

/** A patrol store signed in as an inspector, with the capture page's autosave attached. */
function capturePage() {
  setActivePinia(createPinia())
  useSessionStore().me = {
    id: '0192f5a4-8c1e-7000-8000-0000000000aa',
    username: 'inspector',
    display_name: '王巡查',
    role: 'inspector',
    subdistrict_id: 'shuangjing',
    subdistrict_name: '双井街道',
    communities: [{ id: 'jiulongnan', name: '九龙南', center_lat: 39.89, center_lng: 116.47 }],
    session_expires_at: '2026-12-31T00:00:00.000Z',
  } as never
  const store = usePatrolStore()
  const scope = effectScope()
  scope.run(() =>
    watch(
      () => store.draft,
      () => void store.persistDraft(),
      { deep: true },
    ),
  )
  return store
}
const settle = async () => {
  await nextTick()
  await new Promise((r) => setTimeout(r, 50))
}

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()))
})

describe('patrol store: the capture draft', () => {
  it('a re-check saved from the nearby sheet ("同一地点 — 添加复查") leaves no draft: no banner, the next new report is a new report', async () => {
    const store = capturePage()
    const d = await store.openDraft()
    d.position = HERE
    d.kind = 'shared_bike'
    d.counts = { 'bike-a': 4 }
    await settle()
    // What the sheet's "same place" does: the draft becomes a sighting of that report, saved at once.
    store.draft!.report_id = REPORT
    const r = await store.save('zh-CN')
    expect(r).toMatchObject({ ok: true, entity: 'observation' })
    await settle()
    expect(await store.hasDraft()).toBe(false)
    const next = await store.openDraft()
    expect(next).toMatchObject({ report_id: null, counts: {}, kind: '' })
  })

  it('an unsaved re-check survives a reload as a re-check of the same report', async () => {
    const store = capturePage()
    const d = await store.openDraft()
    d.report_id = REPORT
    d.counts = { 'bike-a': 2 }
    await settle()
    const again = capturePage()
    expect(await again.hasDraft()).toBe(true)
    expect(await again.openDraft()).toMatchObject({ report_id: REPORT, counts: { 'bike-a': 2 } })
  })

  it('clearing the form of a re-check returns to a new report with empty fields', async () => {
    const store = capturePage()
    const d = await store.openDraft()
    d.report_id = REPORT
    d.position = HERE
    d.counts = { 'bike-a': 2 }
    // A GPS fix lands (an autosave in flight) just as the form is cleared.
    store.draft!.position = { ...HERE, accuracy_m: 5 }
    await store.discardDraft()
    const fresh = await store.openDraft()
    await settle()
    expect(fresh).toMatchObject({ report_id: null, counts: {}, kind: '' })
    expect(await loadDraft('0192f5a4-8c1e-7000-8000-0000000000aa')).toMatchObject({ report_id: null, counts: {} })
    // An empty form is nothing to come back to: My patrol shows no unfinished draft.
    expect(await store.hasDraft()).toBe(false)
  })
})
