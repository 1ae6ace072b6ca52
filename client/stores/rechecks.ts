// Re-checks assigned to the signed-in inspector, live from Dexie (so they show offline), and the one
// action: start a sighting of that report in the capture form (the patrol store's draft).
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { liveQuery, type Subscription } from 'dexie'
import { loadRechecks, type LocalRecheck } from '../db/rechecks.ts'
import { useSessionStore } from './session.ts'
import { usePatrolStore } from './patrol.ts'

export type { LocalRecheck }

export const useRechecksStore = defineStore('rechecks', () => {
  const session = useSessionStore()
  const all = shallowRef<LocalRecheck[]>([])
  let sub: Subscription | undefined
  let subFor = ''

  function watch() {
    const me = session.me?.id ?? ''
    if (sub && subFor === me) return
    sub?.unsubscribe()
    subFor = me
    sub = liveQuery(() => loadRechecks(me)).subscribe({ next: (rows) => (all.value = rows), error: () => {} })
  }

  const open = computed(() => all.value.filter((r) => r.status === 'open'))
  const recentDone = computed(() => all.value.filter((r) => r.status === 'done').slice(-3))

  /** Opens the capture form as a sighting of the re-checked report (the draft survives a reload). */
  async function answer(r: LocalRecheck) {
    const patrol = usePatrolStore()
    const draft = await patrol.openDraft()
    draft.report_id = r.report_id
    if (!draft.community_id) draft.community_id = r.community_id
    await patrol.persistDraft()
  }

  return { all, open, recentDone, watch, answer }
})
