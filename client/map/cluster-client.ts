// The page's side of the cluster worker: load reports (or the features of the server's map tiles), then
// ask for the clusters of a viewport; answers to superseded requests are dropped, so a fast pan never
// draws stale clusters.
import type { MapPoint } from '#domain/patrol/workflow.ts'
import { TILE_MAX_ZOOM, type MapCluster, type MapTile } from '#domain/patrol/map-tiles.ts'
import { TILE_CLUSTER_CODE, type ClusterItem, type ClusterRequest, type ClusterResponse } from './cluster-protocol.ts'

export interface Clusterer {
  load(points: readonly MapPoint[]): Promise<{ count: number; ms: number }>
  /** The clusters and reports of map tiles, each cluster weighted by its count. */
  loadTiles(tiles: readonly MapTile[]): Promise<{ count: number; ms: number }>
  query(bbox: [number, number, number, number], zoom: number): Promise<{ items: ClusterItem[]; ms: number } | null>
  expansionZoom(clusterId: number): Promise<number>
  dispose(): void
}

/** A closest-zoom tile cluster's cell, as the cell list's address `z/x/y/cell`; '' for any other cluster. */
export const cellKey = (t: Pick<MapTile, 'z' | 'x' | 'y'>, c: MapCluster): string => (c[3] === undefined ? '' : `${t.z}/${t.x}/${t.y}/${c[3]}`)

/**
 * `maxZoom`: the closest zoom at which neighbouring features are merged; the map's own closest zoom
 * should be above it, so there every tile cluster is drawn, and tapped, on its own.
 */
export function createClusterer(maxZoom = TILE_MAX_ZOOM): Clusterer {
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

  const send = async (points: readonly MapPoint[], clusters: readonly { c: MapCluster; key: string }[]) => {
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
    clusters.forEach(({ c, key }, j) => {
      const i = points.length + j
      ids[i] = key
      coords[2 * i] = c[0]
      coords[2 * i + 1] = c[1]
      weights[i] = c[2]
    })
    const r = await ask({ type: 'load', seq: ++seq, ids, coords, kinds, statuses, weights, maxZoom }, [
      coords.buffer,
      kinds.buffer,
      statuses.buffer,
      weights.buffer,
    ])
    return r.type === 'loaded' ? { count: r.count, ms: r.ms } : { count: 0, ms: 0 }
  }

  return {
    load: (points) => send(points, []),
    loadTiles: (tiles) =>
      send(
        tiles.flatMap((t) => t.points),
        tiles.flatMap((t) => t.clusters.map((c) => ({ c, key: cellKey(t, c) }))),
      ),
    async query(bbox, zoom) {
      const mine = ++seq
      latestQuery = mine
      const r = await ask({ type: 'query', seq: mine, bbox, zoom })
      if (mine !== latestQuery || r.type !== 'clusters') return null
      const items: ClusterItem[] = []
      for (let i = 0; i < r.ids.length; i++) {
        const code = r.flat[4 * i + 3]!
        const tileCluster = code === TILE_CLUSTER_CODE
        items.push({
          lat: r.flat[4 * i]!,
          lng: r.flat[4 * i + 1]!,
          count: r.flat[4 * i + 2]!,
          kind: code < 0 || code === TILE_CLUSTER_CODE ? -1 : code,
          clusterId: code < 0 ? -code - 1 : null,
          id: tileCluster ? '' : r.ids[i]!,
          cell: tileCluster ? r.ids[i]! : '',
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
