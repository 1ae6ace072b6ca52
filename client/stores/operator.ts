// The operator's phone: their tasks (from the server, kept for offline use), clearings waiting in the
// outbox shown over the task they clear, and saving a clearing with its photo — offline first, through
// the same outbox and sync engine as an inspector's report. Also their commitments and compliance.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { z } from 'zod'
import { liveQuery, type Subscription } from 'dexie'
import { OperatorCommitments, OperatorTask, type ClearingInput } from '#domain/patrol/operator-tasks.ts'
import { uuidv7 } from '#domain/ids.ts'
import { apiFetch, NetworkError, ProblemError } from '../api/http.ts'
import { cachedTasks, cacheTasks, clearingPhoto, dropPhoto, keepPhoto, queueClearing, queuedClearings } from '../db/operator-tasks.ts'
import type { Synced } from '../db/synced-view.ts'
import type { ItemSync } from '../db/outbox.ts'

/** A task as the list shows it: the server's, or cleared on this phone and waiting to upload. */
export interface TaskView extends OperatorTask {
  /** The clearing of this task still on the phone, with its sync state. */
  local: { sync: ItemSync; cleared_at: string } | null
}

export const useOperatorStore = defineStore('operator', () => {
  const tasks = ref<OperatorTask[]>([])
  const queued = shallowRef<Synced<ClearingInput>[]>([])
  const commitments = ref<OperatorCommitments | null>(null)
  const loading = ref(false)
  const offline = ref(false)
  /** 'no_party' when the account is not linked to an operator; a message otherwise. */
  const error = ref<string | null>(null)
  let sub: Subscription | undefined

  const view = computed<TaskView[]>(() =>
    tasks.value.map((task) => {
      const mine = queued.value.find((q) => q.record.task_id === task.id)
      return { ...task, local: mine && task.status === 'open' ? { sync: mine.sync, cleared_at: mine.record.cleared_at } : null }
    }),
  )
  const byId = (id: string) => view.value.find((x) => x.id === id)

  function failure(e: unknown) {
    if (e instanceof NetworkError) offline.value = true
    else if (e instanceof ProblemError && e.status === 404) error.value = 'no_party'
    else error.value = e instanceof Error ? e.message : String(e)
  }

  async function load() {
    watchQueue()
    loading.value = true
    error.value = null
    if (!tasks.value.length) tasks.value = (await cachedTasks()) ?? []
    try {
      const fresh = await apiFetch('/api/patrol/operator/tasks', { schema: z.array(OperatorTask) })
      tasks.value = fresh
      offline.value = false
      await cacheTasks(fresh)
    } catch (e) {
      failure(e)
    } finally {
      loading.value = false
    }
  }

  async function loadCommitments() {
    error.value = null
    try {
      commitments.value = await apiFetch('/api/patrol/operator/commitments', { schema: OperatorCommitments })
      offline.value = false
    } catch (e) {
      failure(e)
    }
  }

  /** The outbox's clearings, live; when one leaves the outbox (the server took it), the list is read again. */
  function watchQueue() {
    if (sub) return
    sub = liveQuery(() => queuedClearings()).subscribe({ next: (rows) => (queued.value = rows), error: () => {} })
  }
  watch(
    () => queued.value.length,
    (now, before) => {
      if (before !== undefined && now < before) void load()
    },
  )

  /** Saves a clearing on the phone (online or not); the sync engine uploads the photo, then the clearing. */
  async function clear(taskId: string, photos: string[], note: string, id = uuidv7()) {
    // Plain copies: IndexedDB cannot store Vue's reactive proxies.
    await queueClearing(id, { task_id: taskId, cleared_at: new Date().toISOString(), photos: [...photos], note: String(note) })
  }

  const addPhoto = (hash: string, blob: Blob) => keepPhoto(hash, blob)
  const removePhoto = (hash: string) => dropPhoto(hash)
  const photoBlob = (hash: string) => clearingPhoto(hash)

  return { tasks, view, byId, commitments, loading, offline, error, load, loadCommitments, clear, addPhoto, removePhoto, photoBlob }
})
