// Reference layers of a subdistrict: import (checked whole, then written in one transaction with its
// audit row, so nothing is half-imported), delete, and the public read with a validator for ETag.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import type { SessionUser } from '../../http/context.ts'
import {
  jsonBytes,
  layerIssues,
  normaliseLayer,
  ReferenceLayerInput,
  type LayerKind,
  type NormalFeatureCollection,
  type ReferenceLayer,
  type ReferenceLayerSummary,
} from '#domain/reference-layers.ts'
import { audit } from '../../audit/audit.ts'
import { parseJson } from '../patrol/problems.ts'
import { fieldsProblem } from '../../http/problem.ts'
import type { ReferenceLayersTable } from './tables.ts'

const EMPTY: NormalFeatureCollection = { type: 'FeatureCollection', features: [] }

function summaryOf(r: Omit<ReferenceLayersTable, 'geojson'>): ReferenceLayerSummary {
  return {
    id: r.id,
    kind: r.kind as LayerKind,
    name: r.name,
    description: r.description,
    feature_count: Number(r.feature_count),
    bytes: Number(r.bytes),
    version: Number(r.version),
    updated_at: r.updated_at,
  }
}

export async function listLayers(db: Kysely<DB>, subdistrictId: string): Promise<ReferenceLayer[]> {
  const rows = await db.selectFrom('reference_layers').selectAll().where('subdistrict_id', '=', subdistrictId).orderBy('id').execute()
  return rows.map((r) => ({ ...summaryOf(r), geojson: parseJson(r.geojson, EMPTY) }))
}

/** A strong validator of the whole list from ids and versions alone (no GeoJSON read). */
export async function layersEtag(db: Kysely<DB>, subdistrictId: string): Promise<string> {
  const rows = await db
    .selectFrom('reference_layers')
    .select(['id', 'version', 'updated_at'])
    .where('subdistrict_id', '=', subdistrictId)
    .orderBy('id')
    .execute()
  let h = 0x811c9dc5
  for (const ch of `${subdistrictId}|` + rows.map((r) => `${r.id}:${Number(r.version)}:${r.updated_at}`).join('|')) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
  }
  return `"rl-${rows.length}-${h.toString(16)}"`
}

async function subdistrictCenter(db: Kysely<DB>, sd: string) {
  const sub = await db.selectFrom('subdistricts').select(['center_lat', 'center_lng']).where('id', '=', sd).executeTakeFirstOrThrow()
  return { lat: Number(sub.center_lat), lng: Number(sub.center_lng) }
}

/** Row to write for a checked import; throws a field problem (nothing written) when the file is refused. */
async function prepareLayer(db: Kysely<DB>, sd: string, id: string, raw: ReferenceLayerInput) {
  const input = ReferenceLayerInput.parse(raw)
  const issues = layerIssues(input.geojson, { center: await subdistrictCenter(db, sd) })
  if (issues.length)
    throw fieldsProblem(
      issues.map((i) => ({ path: `geojson.${i.path}`, key: i.key })),
      { detail: issues[0]!.key },
    )
  const geojson = normaliseLayer(input.geojson)
  return { id, kind: input.kind, name: input.name, description: input.description, geojson, feature_count: geojson.features.length, bytes: jsonBytes(geojson) }
}

/** Creates the layer or replaces it whole (version + 1); the audit row records the summary, not the geometry. */
export async function importLayer(db: Kysely<DB>, actor: SessionUser | null, sd: string, id: string, raw: ReferenceLayerInput, now: Date) {
  const layer = await prepareLayer(db, sd, id, raw)
  const at = now.toISOString()
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('reference_layers')
      .select(['subdistrict_id', 'id', 'kind', 'name', 'description', 'feature_count', 'bytes', 'version', 'updated_at', 'updated_by'])
      .where('subdistrict_id', '=', sd)
      .where('id', '=', id)
      .executeTakeFirst()
    const row: ReferenceLayersTable = {
      subdistrict_id: sd,
      ...layer,
      geojson: JSON.stringify(layer.geojson),
      version: before ? Number(before.version) + 1 : 1,
      updated_at: at,
      updated_by: actor?.id ?? null,
    }
    const { subdistrict_id: _sd, id: _id, ...set } = row
    await tx
      .insertInto('reference_layers')
      .values(row)
      .onConflict((oc) => oc.columns(['subdistrict_id', 'id']).doUpdateSet(set))
      .execute()
    const after = summaryOf(row)
    await audit(tx, {
      actor: actor ?? { id: null, subdistrict_id: sd },
      action: before ? 'replace' : 'import',
      entity: 'reference_layer',
      entity_id: id,
      before: before ? summaryOf(before) : undefined,
      after,
      at: now,
    })
    return after
  })
}

export async function deleteLayer(db: Kysely<DB>, actor: SessionUser, id: string, now: Date): Promise<boolean> {
  const sd = actor.subdistrict_id
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('reference_layers')
      .select(['subdistrict_id', 'id', 'kind', 'name', 'description', 'feature_count', 'bytes', 'version', 'updated_at', 'updated_by'])
      .where('subdistrict_id', '=', sd)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!before) return false
    await tx.deleteFrom('reference_layers').where('subdistrict_id', '=', sd).where('id', '=', id).execute()
    await audit(tx, { actor, action: 'delete', entity: 'reference_layer', entity_id: id, before: summaryOf(before), at: now })
    return true
  })
}
