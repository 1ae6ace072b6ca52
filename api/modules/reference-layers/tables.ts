// Row shape of the reference layers table (migration 0012): the normalised GeoJSON is kept as text.
export interface ReferenceLayersTable {
  subdistrict_id: string
  id: string
  kind: string
  name: string
  description: string
  geojson: string
  feature_count: number
  bytes: number
  version: number
  updated_at: string
  updated_by: string | null
}

export interface ReferenceLayerTables {
  reference_layers: ReferenceLayersTable
}
