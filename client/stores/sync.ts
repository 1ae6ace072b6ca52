// The UI's view of syncing: wraps the engine's SyncState and the live outbox for the badge and the
// outbox page, and offers the user's decisions (retry, discard, resolve). The engine itself has no Vue.
import { defineStore } from 'pinia'
import { liveQuery } from 'dexie'
import { computed, ref, shallowRef, toRaw, watch } from 'vue'
import { browserFetch } from '../api/http-core.ts'
import { db } from '../db/database.ts'
import { onLocalWrite, setOutboxUser, type OutboxRow } from '../db/outbox.ts'
import { createSyncEngine, type SyncEngine } from '../sync/create-sync-engine.ts'
import { INITIAL_SYNC_STATE, type SyncState } from '../sync/sync-state.ts'
import { retryMutation } from '../sync/retry-mutation.ts'
import { discardMutation } from '../sync/discard-mutation.ts'
import { resolveConflict } from '../sync/resolve-conflict.ts'
import { storageUsage, type StorageUsage } from '../sync/storage-usage.ts'
import { requestPersistence } from '../sync/request-persistence.ts'
import { registerBackgroundSync, BACKGROUND_SYNC_TAG } from '../sync/register-background-sync.ts'
import { i18n } from '../i18n/index.ts'
import { useSessionStore } from './session.ts'
import { whenIdle } from '../pwa/after-load.ts'

export type { OutboxRow }

export const useSyncStore = defineStore('sync', () => {
  const session = useSessionStore()
  const state = ref<SyncState>({ ...INITIAL_SYNC_STATE })
  const items = shallowRef<OutboxRow[]>([])
  const storage = ref<StorageUsage>({ usage: null, quota: null, persisted: null })

  const engine: SyncEngine = createSyncEngine(
    {
      db,
      fetch: browserFetch,
      now: () => new Date(),
      userId: () => (session.expired ? null : (session.me?.id ?? null)),
      lang: () => String(i18n.global.locale.value),
    },
    {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      random: Math.random,
      events: window,
      visibility: document,
      isOnline: () => navigator.onLine,
      idleMs: 5 * 60_000,
    },
  )

  engine.state.subscribe((s) => {
    state.value = s
    // A 401 while syncing: the session is gone; everything stays pending until the next sign-in.
    if (s.error === 'signed_out' && session.me) session.expired = true
    if (s.status === 'offline' && s.pending > 0) void registerBackgroundSync()
  })
  liveQuery(() => db.outbox.orderBy('id').toArray()).subscribe({ next: (rows) => (items.value = rows), error: () => undefined })
  onLocalWrite(() => engine.notifyWrite())
  navigator.serviceWorker?.addEventListener('message', (e: MessageEvent) => {
    if (e.data?.type === BACKGROUND_SYNC_TAG) void engine.syncNow()
  })

  // The first run waits for the page's load event and then for the main thread to be idle (at most 2 s
  // more): pulling and storing changes never competes with the first render of the page that was opened
  // (the store is made with the signed-in header, as the page renders) or its first taps.
  let started = false
  // Signed in (again), or another user: rows remember their author, then push what waited.
  watch(
    () => [session.me?.id ?? null, session.expired] as const,
    ([id, expired]) => {
      setOutboxUser(id)
      if (id && !expired && started) void engine.syncNow()
    },
    { immediate: true },
  )
  void engine.refreshCounts()
  whenIdle(() => {
    started = true
    engine.start()
  })

  const conflicts = computed(() => items.value.filter((r) => r.state === 'conflict'))
  const rejected = computed(() => items.value.filter((r) => r.state === 'rejected'))
  /** Unsent work: the shell warns before a logout while this is above zero. */
  const unsent = computed(() => items.value.length)

  const after = async <T>(p: Promise<T>) => {
    const out = await p
    await engine.refreshCounts()
    void engine.syncNow()
    return out
  }

  return {
    state,
    items,
    conflicts,
    rejected,
    unsent,
    storage,
    syncNow: () => engine.syncNow(),
    /** Resend a rejected item, with the user's fix when given. */
    retry: (id: string, fixed?: Record<string, unknown>) => after(retryMutation(db, id, fixed ? structuredClone(toRaw(fixed)) : undefined)),
    /** Call only after the user confirmed: the item is gone for good. */
    discard: async (id: string) => {
      const ok = await discardMutation(db, id)
      await engine.refreshCounts()
      return ok
    },
    keepMine: (id: string, merged?: Record<string, unknown>) =>
      after(resolveConflict(db, id, { keep: 'mine', ...(merged ? { data: structuredClone(toRaw(merged)) } : {}) })),
    /** Call only after the user confirmed: their version is dropped for the server's. */
    takeTheirs: (id: string) => after(resolveConflict(db, id, { keep: 'theirs' })),
    async refreshStorage() {
      storage.value = await storageUsage()
    },
    async requestPersistence() {
      const persisted = await requestPersistence()
      storage.value = { ...storage.value, persisted }
      return persisted
    },
  }
})
