// Messages between the page and the cluster worker: typed arrays where volume matters (50 000 points).
export interface PointProps {
  id: string
  k: number
  s: number
}

export type ClusterRequest =
  | { type: 'load'; seq: number; ids: string[]; coords: Float64Array; kinds: Uint8Array; statuses: Uint8Array }
  | { type: 'query'; seq: number; bbox: [number, number, number, number]; zoom: number }
  | { type: 'expand'; seq: number; clusterId: number }

export type ClusterResponse =
  | { type: 'loaded'; seq: number; count: number; ms: number }
  | { type: 'clusters'; seq: number; flat: Float64Array; ids: string[]; ms: number }
  | { type: 'expanded'; seq: number; zoom: number }

/** One drawn item: a cluster (count > 1, clusterId set) or a single report. */
export interface ClusterItem {
  lat: number
  lng: number
  count: number
  kind: number
  clusterId: number | null
  id: string
}
