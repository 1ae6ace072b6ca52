// Transient database failures a push must absorb instead of answering 500: a PostgreSQL deadlock
// victim or serialization failure, or SQLite still busy after its busy_timeout. Retried with back-off.

/** SQLSTATE 40P01 (deadlock detected), 40001 (serialization failure), SQLITE_BUSY (and its variants). */
export function isTransientDbError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  return code === '40P01' || code === '40001' || code.startsWith('SQLITE_BUSY')
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs `attempt` (one whole transaction) up to `tries` times while it fails transiently, waiting
 * 10, 20, 40 … ms plus jitter between tries, so two victims do not collide again in lock step.
 * Any other error, or the last transient one, is thrown.
 */
export async function withTransientRetry<T>(attempt: () => Promise<T>, tries = 5, onRetry?: (err: unknown, n: number) => void): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt()
    } catch (err) {
      if (n >= tries || !isTransientDbError(err)) throw err
      onRetry?.(err, n)
      const base = 10 * 2 ** (n - 1)
      await sleep(base + Math.random() * base)
    }
  }
}
