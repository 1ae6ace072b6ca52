// The page's side of the cluster worker: load reports (or the features of the server's map tiles), then
// ask for the clusters of a viewport; answers to superseded requests are dropped, so a fast pan never
// draws stale clusters.
import type { MapPoint } from '#domain/patrol/workflow.ts'
import type { MapTile } from '#domain/patrol/map-tiles.ts'
import { TILE_CLUSTER_CODE, type ClusterItem, type ClusterRequest, type ClusterResponse } from './cluster-protocol.ts'

export interface Clusterer {
  load(points: readonly MapPoint[]): Promise<{ count: number; ms: number }>
  /** The clusters and reports of map tiles, each cluster weighted by its count. */
  loadTiles(tiles: readonly MapTile[]): Promise<{ count: number; ms: number }>
  query(bbox: [number, number, number, number], zoom: number): Promise<{ items: ClusterItem[]; ms: number } | null>
  expansionZoom(clusterId: number): Promise<number>
  dispose(): void
}

export function createClusterer(): Clusterer {
  const worker = new Worker(new URL('./cluster-worker.ts', import.meta.url), { type: 'module' })
  let seq = 0
  let latestQuery = 0
  const waiting = new Map<number, (r: ClusterResponse) => void>()
  worker.onmessage = (ev: MessageEvent<ClusterResponse>) => {
    const done = waiting.get(ev.data.seq)
    waiting.delete(ev.data.seq)
    done?.(ev.data)
  }
  const ask = (msg: ClusterRequest, transfer: Transferable[] = []) =>
    new Promise<ClusterResponse>((resolve) => {
      waiting.set(msg.seq, resolve)
      worker.postMessage(msg, transfer)
    })

  const send = async (points: readonly MapPoint[], clusters: readonly (readonly [number, number, number])[]) => {
    const n = points.length + clusters.length
    const coords = new Float64Array(n * 2)
    const kinds = new Uint8Array(n)
    const statuses = new Uint8Array(n)
    const weights = new Uint32Array(n).fill(1)
    const ids: string[] = new Array(n)
    points.forEach((p, i) => {
      ids[i] = p[0]
      coords[2 * i] = p[1]
      coords[2 * i + 1] = p[2]
      kinds[i] = p[3]
      statuses[i] = p[4]
    })
    clusters.forEach((c, j) => {
      const i = points.length + j
      ids[i] = ''
      coords[2 * i] = c[0]
      coords[2 * i + 1] = c[1]
      weights[i] = c[2]
    })
    const r = await ask({ type: 'load', seq: ++seq, ids, coords, kinds, statuses, weights }, [coords.buffer, kinds.buffer, statuses.buffer, weights.buffer])
    return r.type === 'loaded' ? { count: r.count, ms: r.ms } : { count: 0, ms: 0 }
  }

  return {
    load: (points) => send(points, []),
    loadTiles: (tiles) =>
      send(
        tiles.flatMap((t) => t.points),
        tiles.flatMap((t) => t.clusters),
      ),
    async query(bbox, zoom) {
      const mine = ++seq
      latestQuery = mine
      const r = await ask({ type: 'query', seq: mine, bbox, zoom })
      if (mine !== latestQuery || r.type !== 'clusters') return null
      const items: ClusterItem[] = []
      for (let i = 0; i < r.ids.length; i++) {
        const code = r.flat[4 * i + 3]!
        items.push({
          lat: r.flat[4 * i]!,
          lng: r.flat[4 * i + 1]!,
          count: r.flat[4 * i + 2]!,
          kind: code < 0 || code === TILE_CLUSTER_CODE ? -1 : code,
          clusterId: code < 0 ? -code - 1 : null,
          id: r.ids[i]!,
        })
      }
      return { items, ms: r.ms }
    },
    async expansionZoom(clusterId) {
      const r = await ask({ type: 'expand', seq: ++seq, clusterId })
      return r.type === 'expanded' ? r.zoom : 18
    },
    dispose() {
      worker.terminate()
      waiting.clear()
    },
  }
}
