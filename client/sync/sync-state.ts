// The one state the UI reads about syncing: a tiny observable with no framework in it,
// so the Pinia store, a service worker message or a test can all subscribe the same way.
export type SyncStatus = 'idle' | 'syncing' | 'offline' | 'error'
export type SyncErrorCode = 'signed_out' | 'network' | 'server' | null

export interface SyncState {
  status: SyncStatus
  /** Outbox rows still to send (pending or in flight). */
  pending: number
  conflicts: number
  rejected: number
  lastSyncedAt: string | null
  error: SyncErrorCode
}

export interface SyncStateStore {
  get(): SyncState
  set(patch: Partial<SyncState>): void
  subscribe(fn: (s: SyncState) => void): () => void
}

export const INITIAL_SYNC_STATE: SyncState = { status: 'idle', pending: 0, conflicts: 0, rejected: 0, lastSyncedAt: null, error: null }

export function createSyncState(initial: SyncState = INITIAL_SYNC_STATE): SyncStateStore {
  let state = { ...initial }
  const listeners = new Set<(s: SyncState) => void>()
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch }
      listeners.forEach((l) => l(state))
    },
    subscribe(fn) {
      listeners.add(fn)
      fn(state)
      return () => listeners.delete(fn)
    },
  }
}
