// When to sync: after each local write, on `online`, on start, when the app comes back to
// the foreground, and on a timer with exponential back-off and jitter while failing. Runs never overlap.
import type { SyncOutcome } from './types.ts'

export interface ScheduleEnv {
  setTimeout: (fn: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
  random: () => number
  /** Fires `online` (window); absent in tests. */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>
  /** Fires `visibilitychange` (document); absent in tests. */
  visibility?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { visibilityState: string }
  /** Wait after a local write so a burst of writes goes in one push. */
  debounceMs?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Pull now and then while all is well, to see others' changes. */
  idleMs?: number
}

export interface Scheduler {
  start(): void
  stop(): void
  /** Runs now (or right after the current run) and resolves with that run's outcome. */
  syncNow(): Promise<SyncOutcome>
  notifyWrite(): void
  readonly failures: number
}

/** Back-off for the n-th consecutive failure: base·2^(n-1), capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(n: number, random: () => number, base = 2000, max = 5 * 60_000): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, n - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

export function schedule(run: () => Promise<SyncOutcome>, env: ScheduleEnv): Scheduler {
  let running: Promise<SyncOutcome> | null = null
  let again = false
  let failures = 0
  let timer: unknown = null
  let started = false

  const setTimer = (ms: number) => {
    if (timer !== null) env.clearTimeout(timer)
    timer = env.setTimeout(() => {
      timer = null
      void trigger()
    }, ms)
  }

  const settle = (outcome: SyncOutcome) => {
    if (outcome === 'ok') {
      failures = 0
      if (env.idleMs && started) setTimer(env.idleMs)
    } else if (outcome === 'signed_out') {
      // Nothing to gain by retrying: the next sign-in calls syncNow().
      if (timer !== null) env.clearTimeout(timer)
      timer = null
    } else {
      failures++
      if (started) setTimer(backoffDelay(failures, env.random, env.baseDelayMs, env.maxDelayMs))
    }
  }

  function trigger(): Promise<SyncOutcome> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      let outcome: SyncOutcome
      do {
        again = false
        outcome = await run().catch(() => 'error' as const)
      } while (again && outcome === 'ok')
      return outcome
    })()
    return running.then((outcome) => {
      running = null
      settle(outcome)
      if (again && outcome === 'ok') void trigger()
      return outcome
    })
  }

  let debounce: unknown = null
  const onOnline = () => void trigger()
  const onVisible = () => {
    if (env.visibility?.visibilityState === 'visible') void trigger()
  }

  return {
    start() {
      if (started) return
      started = true
      env.events?.addEventListener('online', onOnline)
      env.visibility?.addEventListener('visibilitychange', onVisible)
      void trigger()
    },
    stop() {
      started = false
      env.events?.removeEventListener('online', onOnline)
      env.visibility?.removeEventListener('visibilitychange', onVisible)
      if (timer !== null) env.clearTimeout(timer)
      if (debounce !== null) env.clearTimeout(debounce)
      timer = debounce = null
    },
    syncNow: () => trigger(),
    notifyWrite() {
      if (debounce !== null) env.clearTimeout(debounce)
      debounce = env.setTimeout(() => {
        debounce = null
        void trigger()
      }, env.debounceMs ?? 300)
    },
    get failures() {
      return failures
    },
  }
}
