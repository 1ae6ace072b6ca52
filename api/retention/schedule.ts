// When the purge runs by itself: once right after the server starts, then every day at 03:00 Beijing
// time, when no desk is open. Replicas each run it; the counter lock serialises them and the second
// finds nothing left (its audit entry then records zero counts).
import type { Logger } from '../http/logger.ts'
import { purgeAll, type PurgeDeps } from './purge.ts'

const DAY_MS = 86_400_000
const SHANGHAI_OFFSET_MS = 8 * 3_600_000

/** Milliseconds from `now` to the next `hour`:00 in Asia/Shanghai (UTC+8, no daylight saving). */
export function msUntilNextRun(now: Date, hour = 3): number {
  const local = now.getTime() + SHANGHAI_OFFSET_MS
  const todayRun = Math.floor(local / DAY_MS) * DAY_MS + hour * 3_600_000
  const next = todayRun > local ? todayRun : todayRun + DAY_MS
  return next - local
}

export function startRetentionSchedule(deps: PurgeDeps & { logger: Logger }): { stop(): void; ran: Promise<unknown> } {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const run = () =>
    purgeAll(deps).catch((e: unknown) => deps.logger.log('error', 'retention_purge_failed', { error: e instanceof Error ? e.message : String(e) }))
  const plan = () => {
    if (stopped) return
    timer = setTimeout(() => void run().finally(plan), msUntilNextRun(deps.now()))
    timer.unref()
  }
  const ran = run().finally(plan)
  return {
    ran,
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
