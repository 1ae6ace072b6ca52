// Assembles the engine: a SyncState, the scheduler and the run. The app makes one with the browser's
// fetch, clock and events; the property test makes one with an in-process server and fake timers.
import type { EngineDeps, SyncOutcome } from './types.ts'
import { createSyncState, type SyncErrorCode, type SyncStateStore } from './sync-state.ts'
import { schedule, type ScheduleEnv, type Scheduler } from './schedule.ts'
import { runSync } from './run-sync.ts'
import { countOutbox } from './count-outbox.ts'

export interface SyncEngine {
  state: SyncStateStore
  scheduler: Scheduler
  start(): void
  stop(): void
  syncNow(): Promise<SyncOutcome>
  /** Call after every local write (writeWithOutbox listeners do it for you). */
  notifyWrite(): void
  /** Re-reads the outbox counts (after discard, resolve, retry). */
  refreshCounts(): Promise<void>
}

const ERROR_OF: Record<SyncOutcome, SyncErrorCode> = { ok: null, offline: 'network', signed_out: 'signed_out', error: 'server' }

export function createSyncEngine(deps: EngineDeps, env: ScheduleEnv & { isOnline?: () => boolean }): SyncEngine {
  const state = createSyncState()
  const refreshCounts = async () => state.set(await countOutbox(deps.db))

  const run = async (): Promise<SyncOutcome> => {
    state.set({ status: 'syncing' })
    let outcome: SyncOutcome
    try {
      outcome = await runSync(deps)
    } finally {
      await refreshCounts()
    }
    const offline = outcome === 'offline' || env.isOnline?.() === false
    state.set({
      status: outcome === 'ok' ? 'idle' : offline ? 'offline' : 'error',
      error: ERROR_OF[outcome],
      ...(outcome === 'ok' ? { lastSyncedAt: deps.now().toISOString() } : {}),
    })
    return outcome
  }

  const scheduler = schedule(run, env)
  return {
    state,
    scheduler,
    start: () => {
      void refreshCounts()
      scheduler.start()
    },
    stop: () => scheduler.stop(),
    syncNow: () => scheduler.syncNow(),
    notifyWrite: () => {
      void refreshCounts()
      scheduler.notifyWrite()
    },
    refreshCounts,
  }
}
