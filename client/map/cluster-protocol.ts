// Messages between the page and the cluster worker: typed arrays where volume matters (50 000 points).
export interface PointProps {
  id: string
  k: number
  s: number
  /** Reports the feature stands for: 1 for a report, the count of a server cluster of a map tile. */
  w: number
}

export type ClusterRequest =
  | {
      type: 'load'
      seq: number
      /** A report's id, or for a tile cluster its cell key (`z/x/y/cell`, closest zoom only) or ''. */
      ids: string[]
      coords: Float64Array
      kinds: Uint8Array
      statuses: Uint8Array
      weights: Uint32Array
      /** The closest zoom at which the worker merges features; closer, every feature is drawn as it is. */
      maxZoom: number
    }
  | { type: 'query'; seq: number; bbox: [number, number, number, number]; zoom: number }
  | { type: 'expand'; seq: number; clusterId: number }

export type ClusterResponse =
  | { type: 'loaded'; seq: number; count: number; ms: number }
  | { type: 'clusters'; seq: number; flat: Float64Array; ids: string[]; ms: number }
  | { type: 'expanded'; seq: number; zoom: number }

/** Kind code of a drawn item that is one server cluster (a tile cell) the worker did not merge further. */
export const TILE_CLUSTER_CODE = 1000

/**
 * One drawn item: a cluster (count > 1: `clusterId` set when the worker merged it, null for one tile
 * cluster) or a single report (count 1, `id` set). A tile cluster of the closest zoom, which zooming in
 * does not split, names its cell (`z/x/y/cell`: the cell list's address); '' otherwise.
 */
export interface ClusterItem {
  lat: number
  lng: number
  count: number
  kind: number
  clusterId: number | null
  id: string
  cell: string
}
