// Reference layers: roads, building outlines, community boundaries and landmarks an admin imports as
// GeoJSON so a map is readable without tiles. The contract, the checks both ends run, and the normal form.
import { z } from 'zod'
import { text } from './text.ts'
import { haversineM } from './geo.ts'
import type { MessageDict } from './messages.ts'
import { Slug } from './ids.ts'

/** Messages of the reference-layer contract. */
export const REFERENCE_LAYER_MESSAGES: MessageDict = {
  layer_not_geojson: {
    'zh-CN': '不是有效的 GeoJSON 要素集合（FeatureCollection）',
    en: 'Not a valid GeoJSON FeatureCollection',
  },
  layer_geometry: {
    'zh-CN': '几何类型须为点、线或面（Point、LineString、Polygon 及其 Multi 形式）',
    en: 'Geometry must be Point, LineString, Polygon or their Multi forms',
  },
  layer_position: { 'zh-CN': '坐标须为 [经度, 纬度] 两个数字', en: 'A position is [longitude, latitude], two numbers' },
  layer_line_short: { 'zh-CN': '线至少需要 2 个点', en: 'A line needs at least 2 points' },
  layer_ring_short: { 'zh-CN': '面的边界至少需要 4 个点（首尾相同）', en: 'A polygon ring needs at least 4 positions (first = last)' },
  layer_ring_open: { 'zh-CN': '面的边界未闭合（首尾坐标须相同）', en: 'A polygon ring is not closed (first and last position must match)' },
  layer_empty: { 'zh-CN': '文件里没有任何要素', en: 'The file has no features' },
  layer_too_many: { 'zh-CN': '要素过多（最多 20000 个）', en: 'Too many features (at most 20,000)' },
  layer_too_large: { 'zh-CN': '文件过大（最多 5 MB）', en: 'The file is too large (at most 5 MB)' },
  layer_range: { 'zh-CN': '坐标超出范围（经度 -180～180，纬度 -90～90）', en: 'Position out of range (longitude -180 to 180, latitude -90 to 90)' },
  layer_swapped: {
    'zh-CN': '纬度和经度似乎填反了：GeoJSON 的顺序是 [经度, 纬度]',
    en: 'Latitude and longitude look swapped: GeoJSON order is [longitude, latitude]',
  },
  layer_outside: { 'zh-CN': '坐标离本街道太远（须在街道中心 5 公里内）', en: 'Position is far from the subdistrict (must be within 5 km of its centre)' },
  layer_name: { 'zh-CN': '图层名称为 1–60 个字符', en: 'Layer name: 1–60 characters' },
  layer_kind: { 'zh-CN': '请选择图层类型', en: 'Choose the kind of layer' },
  layer_unknown: { 'zh-CN': '图层不存在', en: 'No such layer' },
  layer_subdistrict_unknown: { 'zh-CN': '街道不存在', en: 'No such subdistrict' },
}

export const LAYER_KINDS = ['boundaries', 'roads', 'buildings', 'landmarks'] as const
export type LayerKind = (typeof LAYER_KINDS)[number]
export const MAX_LAYER_BYTES = 5 * 1024 * 1024
export const MAX_LAYER_FEATURES = 20_000
/** Reference data may reach past the subdistrict's edge (a ring road), not across the city. */
export const LAYER_RADIUS_M = 5000
/** At most this many coordinate problems are reported; one is enough to refuse the file. */
const MAX_REPORTED = 20

const Position = z
  .array(z.number({ error: 'layer_position' }), { error: 'layer_position' })
  .min(2, { error: 'layer_position' })
  .max(3, { error: 'layer_position' })
const Line = z.array(Position, { error: 'layer_geometry' }).min(2, { error: 'layer_line_short' })
const Ring = z.array(Position, { error: 'layer_geometry' }).min(4, { error: 'layer_ring_short' })
const Rings = z.array(Ring, { error: 'layer_geometry' }).min(1, { error: 'layer_ring_short' })

export const LayerGeometry = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Point'), coordinates: Position }),
    z.object({ type: z.literal('MultiPoint'), coordinates: z.array(Position, { error: 'layer_geometry' }).min(1, { error: 'layer_geometry' }) }),
    z.object({ type: z.literal('LineString'), coordinates: Line }),
    z.object({ type: z.literal('MultiLineString'), coordinates: z.array(Line, { error: 'layer_geometry' }).min(1, { error: 'layer_geometry' }) }),
    z.object({ type: z.literal('Polygon'), coordinates: Rings }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(Rings, { error: 'layer_geometry' }).min(1, { error: 'layer_geometry' }) }),
  ],
  { error: 'layer_geometry' },
)
export type LayerGeometry = z.infer<typeof LayerGeometry>

/** Only `name` is kept from a feature's properties: the layer is public, whatever else the file held. */
const Properties = z
  .object({ name: z.union([text(), z.number()]).optional().nullable() })
  .nullable()
  .optional()

export const LayerFeature = z.object({
  type: z.literal('Feature', { error: 'layer_not_geojson' }),
  geometry: LayerGeometry,
  properties: Properties,
})

export const LayerFeatureCollection = z.object(
  {
    type: z.literal('FeatureCollection', { error: 'layer_not_geojson' }),
    features: z.array(LayerFeature, { error: 'layer_not_geojson' }).min(1, { error: 'layer_empty' }).max(MAX_LAYER_FEATURES, { error: 'layer_too_many' }),
  },
  { error: 'layer_not_geojson' },
)
export type LayerFeatureCollection = z.infer<typeof LayerFeatureCollection>

export const ReferenceLayerInput = z
  .strictObject({
    kind: z.enum(LAYER_KINDS, { error: 'layer_kind' }),
    name: text({ error: 'layer_name' }).trim().min(1, { error: 'layer_name' }).max(60, { error: 'layer_name' }),
    description: text().trim().max(200).default(''),
    geojson: LayerFeatureCollection,
  })
  .superRefine((v, ctx) => {
    if (jsonBytes(v.geojson) > MAX_LAYER_BYTES) ctx.addIssue({ code: 'custom', path: ['geojson'], message: 'layer_too_large' })
  })
export type ReferenceLayerInput = z.input<typeof ReferenceLayerInput>

export const LayerId = Slug

/** A feature in the normal form: its geometry and, of its properties, only the name. */
export const NormalFeature = z.object({
  type: z.literal('Feature'),
  geometry: LayerGeometry,
  properties: z.object({ name: z.string().optional() }),
})
export type NormalFeature = z.infer<typeof NormalFeature>

export const NormalFeatureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(NormalFeature) })
export type NormalFeatureCollection = z.infer<typeof NormalFeatureCollection>

/** A layer as imported, without its GeoJSON (what the admin's import answers). */
export const ReferenceLayerSummary = z.object({
  id: z.string(),
  kind: z.enum(LAYER_KINDS),
  name: z.string(),
  description: z.string(),
  feature_count: z.number(),
  bytes: z.number(),
  version: z.number(),
  updated_at: z.string(),
})
export type ReferenceLayerSummary = z.infer<typeof ReferenceLayerSummary>

/** What every device keeps: the normalised GeoJSON and where it came from. */
export const ReferenceLayer = ReferenceLayerSummary.extend({ geojson: NormalFeatureCollection })
export type ReferenceLayer = z.infer<typeof ReferenceLayer>

/** Every reference layer of a subdistrict, as GET /api/map-layers answers. */
export const PublicReferenceLayers = z.object({ subdistrict_id: z.string(), layers: z.array(ReferenceLayer) })
export type PublicReferenceLayers = z.infer<typeof PublicReferenceLayers>

export interface LayerIssue {
  /** Dotted path from the GeoJSON root, e.g. `features.3.geometry.coordinates.0.2`. */
  path: string
  key: string
}

/** UTF-8 size of a value as JSON: what the limit and the `bytes` column count. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length
}

/** Every position of a geometry with its path below `coordinates`. */
function* positions(g: LayerGeometry): Generator<[number[], string]> {
  switch (g.type) {
    case 'Point':
      yield [g.coordinates, '']
      return
    case 'MultiPoint':
    case 'LineString':
      for (const [i, p] of g.coordinates.entries()) yield [p, `.${i}`]
      return
    case 'MultiLineString':
    case 'Polygon':
      for (const [i, line] of g.coordinates.entries()) for (const [j, p] of line.entries()) yield [p, `.${i}.${j}`]
      return
    case 'MultiPolygon':
      for (const [i, poly] of g.coordinates.entries()) for (const [j, ring] of poly.entries()) for (const [k, p] of ring.entries()) yield [p, `.${i}.${j}.${k}`]
  }
}

function rings(g: LayerGeometry): [number[][], string][] {
  if (g.type === 'Polygon') return g.coordinates.map((r, i) => [r, `.${i}`])
  if (g.type === 'MultiPolygon') return g.coordinates.flatMap((p, i) => p.map((r, j): [number[][], string] => [r, `.${i}.${j}`]))
  return []
}

const inRange = (lng: number, lat: number) => Math.abs(lng) <= 180 && Math.abs(lat) <= 90

/**
 * What the schema cannot see: positions in range and near the subdistrict (a swapped [lat, lng] is
 * named as such), closed rings. Paths are relative to the GeoJSON root; an empty list means it is fine.
 */
export function layerIssues(fc: LayerFeatureCollection, area: { center: { lat: number; lng: number }; radiusM?: number }): LayerIssue[] {
  const radius = area.radiusM ?? LAYER_RADIUS_M
  const near = (lng: number, lat: number) => haversineM(area.center, { lat, lng }) <= radius
  const issues: LayerIssue[] = []
  for (const [f, feature] of fc.features.entries()) {
    const base = `features.${f}.geometry.coordinates`
    for (const [p, at] of positions(feature.geometry)) {
      const [lng, lat] = p as [number, number]
      let key: string | undefined
      if (!inRange(lng, lat)) key = inRange(lat, lng) ? 'layer_swapped' : 'layer_range'
      else if (!near(lng, lat)) key = near(lat, lng) ? 'layer_swapped' : 'layer_outside'
      if (key) {
        issues.push({ path: base + at, key })
        if (issues.length >= MAX_REPORTED) return issues
        break
      }
    }
    for (const [ring, at] of rings(feature.geometry)) {
      const a = ring[0]!
      const b = ring[ring.length - 1]!
      if (a[0] !== b[0] || a[1] !== b[1]) {
        issues.push({ path: base + at, key: 'layer_ring_open' })
        if (issues.length >= MAX_REPORTED) return issues
      }
    }
  }
  return issues
}

/** Keeps geometry and a string `name` only; positions rounded to 7 decimals (about a centimetre). */
export function normaliseLayer(fc: LayerFeatureCollection): NormalFeatureCollection {
  const round = (v: unknown): unknown => (typeof v === 'number' ? Math.round(v * 1e7) / 1e7 : Array.isArray(v) ? v.map(round) : v)
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => {
      const name = f.properties?.name
      return {
        type: 'Feature',
        geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } as LayerGeometry,
        properties: name === undefined || name === null || name === '' ? {} : { name: String(name).slice(0, 100) },
      }
    }),
  }
}
