// The scheduler's triggers and back-off, with a fake timer queue: no real waiting anywhere.
import { describe, expect, it } from 'vitest'
import { backoffDelay, schedule, type ScheduleEnv } from './schedule.ts'
import type { SyncOutcome } from './types.ts'

function fakeEnv(random = () => 0.5) {
  const timers = new Map<number, { fn: () => void; ms: number }>()
  let next = 1
  const events = new EventTarget()
  const visibility = Object.assign(new EventTarget(), { visibilityState: 'visible' })
  const env: ScheduleEnv = {
    setTimeout: (fn, ms) => (timers.set(next, { fn, ms }), next++),
    clearTimeout: (h) => void timers.delete(h as number),
    random,
    events,
    visibility,
    debounceMs: 300,
  }
  /** Fires the earliest timer (by delay) and returns its delay. */
  const fire = () => {
    const [id, timer] = [...timers].sort((a, b) => a[1].ms - b[1].ms)[0] ?? []
    if (!id || !timer) return undefined
    timers.delete(id)
    timer.fn()
    return timer.ms
  }
  return { env, timers, fire, events, visibility }
}
const flush = () => new Promise((r) => setTimeout(r, 0))

describe('sync schedule', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, () => 0)).toBe(1000)
    expect(backoffDelay(1, () => 1)).toBe(2000)
    expect(backoffDelay(3, () => 0.5)).toBe(6000)
    expect(backoffDelay(30, () => 1)).toBe(5 * 60_000)
    const spread = new Set(Array.from({ length: 20 }, (_, i) => backoffDelay(4, () => i / 20)))
    expect(spread.size).toBe(20)
  })

  it('runs on start, on online, on visible and after a write; never two runs at once', async () => {
    const f = fakeEnv()
    let running = 0
    let maxRunning = 0
    let runs = 0
    const s = schedule(async () => {
      running++
      maxRunning = Math.max(maxRunning, running)
      runs++
      await flush()
      running--
      return 'ok'
    }, f.env)
    s.start()
    f.events.dispatchEvent(new Event('online'))
    f.visibility.dispatchEvent(new Event('visibilitychange'))
    await flush()
    await flush()
    expect(maxRunning).toBe(1)
    expect(runs).toBe(2) // start, then ONE catch-up run for the triggers that came while it ran
    s.notifyWrite()
    s.notifyWrite()
    expect(f.fire()).toBe(300) // a burst of writes is one debounced run
    await flush()
    expect(runs).toBe(3)
    s.stop()
  })

  it('retries on a timer while failing, resets after success, and waits for sign-in after a 401', async () => {
    const f = fakeEnv()
    const outcomes: SyncOutcome[] = ['offline', 'error', 'offline', 'ok', 'signed_out']
    const s = schedule(async () => outcomes.shift() ?? 'ok', f.env)
    s.start()
    await flush()
    expect(s.failures).toBe(1)
    expect(f.fire()).toBe(1500)
    await flush()
    expect(f.fire()).toBe(3000)
    await flush()
    expect(f.fire()).toBe(6000)
    await flush()
    expect(s.failures).toBe(0)
    expect(f.timers.size).toBe(0)
    expect(await s.syncNow()).toBe('signed_out')
    expect(f.timers.size).toBe(0)
    s.stop()
  })
})
