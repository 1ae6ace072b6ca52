// Solves one proof-of-work challenge in a Web Worker and ends the worker; a solve that takes longer
// than the timeout (a very slow phone) fails, and the queue tries again later with a new challenge.
import type { PowPayload, ResidentChallenge } from '#domain/patrol/resident.ts'
import type { PowRequest, PowResponse } from './pow-protocol.ts'

export class PowError extends Error {}

export function solvePow(challenge: ResidentChallenge['challenge'], timeoutMs = 120_000): Promise<PowPayload> {
  const worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' })
  return new Promise<PowPayload>((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.terminate()
      reject(new PowError('timeout'))
    }, timeoutMs + 5000)
    worker.onmessage = (ev: MessageEvent<PowResponse>) => {
      clearTimeout(timer)
      worker.terminate()
      const r = ev.data
      if ('solution' in r) resolve({ challenge, solution: r.solution })
      else reject(new PowError(r.error))
    }
    worker.onerror = (ev) => {
      clearTimeout(timer)
      worker.terminate()
      reject(new PowError(ev.message || 'worker failed'))
    }
    const request: PowRequest = { challenge, timeoutMs }
    worker.postMessage(request)
  })
}
