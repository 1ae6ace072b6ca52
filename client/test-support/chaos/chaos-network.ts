// The network between one simulated device and the server: offline spells, requests lost before the
// server, answers lost after it committed, requests delivered twice, and requests held back and
// delivered later (out of order) while the device has long given up on them.
import type { FetchLike } from '../../sync/types.ts'
import type { ChaosServer } from './chaos-server.ts'

export interface NetworkStats {
  lostRequests: number
  lostResponses: number
  duplicated: number
  delayed: number
}

export interface ChaosNetwork {
  fetch: FetchLike
  online: boolean
  faulty: boolean
  /** Delivers held-back requests (answers go nowhere); all of them when `all`. */
  deliverDelayed(all?: boolean): Promise<void>
  stats: NetworkStats
}

export function chaosNetwork(server: ChaosServer, cookie: () => string, rand: () => number, p = 0.12): ChaosNetwork {
  const delayed: { url: string; init: RequestInit }[] = []
  const stats: NetworkStats = { lostRequests: 0, lostResponses: 0, duplicated: 0, delayed: 0 }
  const send = (url: string, init: RequestInit) => {
    const headers = new Headers(init.headers)
    headers.set('cookie', cookie())
    return server.request(url, { ...init, headers })
  }
  const net: ChaosNetwork = {
    online: true,
    faulty: true,
    stats,
    async fetch(url, init) {
      if (!net.online) throw new TypeError('Failed to fetch (offline)')
      if (net.faulty) {
        const r = rand()
        if (r < p) {
          stats.lostRequests++
          throw new TypeError('Failed to fetch (request lost)')
        }
        if (r < 2 * p) {
          stats.delayed++
          delayed.push({ url, init })
          throw new TypeError('Failed to fetch (timed out)')
        }
        if (r < 3 * p) {
          stats.duplicated++
          await (await send(url, init)).body?.cancel()
        }
      }
      const res = await send(url, init)
      if (net.faulty && rand() < p) {
        stats.lostResponses++
        await res.body?.cancel()
        throw new TypeError('Failed to fetch (response lost)')
      }
      return res
    },
    async deliverDelayed(all = false) {
      // Random order: a later request may overtake an earlier one.
      while (delayed.length) {
        const [req] = delayed.splice(Math.floor(rand() * delayed.length), 1)
        try {
          await (await send(req!.url, req!.init)).body?.cancel()
        } catch {
          // cut off by a restart: still nobody listening
        }
        if (!all && rand() < 0.5) return
      }
    },
  }
  return net
}
