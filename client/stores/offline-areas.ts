// Offline map areas for the page: the saved list, storage use, the estimate before a download, and
// one download at a time with live progress, cancel, resume, refresh and delete.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, toRaw } from 'vue'
import { uuidv7 } from '#domain/ids.ts'
import type { Basemap } from '#domain/config.ts'
import * as repo from '../db/offline-areas.ts'
import type { OfflineAreaRow } from '../db/offline-areas.ts'
import { storageUsage, type StorageUsage } from '../sync/storage-usage.ts'
import { basemapRanges, runAreaDownload, type RunKind } from '../map/offline-areas/area-download.ts'
import { averageTileBytes, refuseDownload, type Refusal } from '../map/offline-areas/estimate.ts'
import { countTiles, tileUrl, type BBox, type TileRange } from '../map/offline-areas/tile-math.ts'
import type { DownloadProgress } from '../map/offline-areas/downloader.ts'
import { areaTileStore, areaUrls, deleteTiles, dropAreaCache, urlsOnlyIn } from '../map/offline-areas/tile-cache.ts'
import { offlinePolicy } from '../map/offline-areas/policy.ts'
import { i18n } from '../i18n/index.ts'
import { useConfigStore } from './config.ts'
import { browserFetch } from '../api/http-core.ts'

export type { OfflineAreaRow }

export interface PlannedArea {
  bbox: BBox
  zooms: number[]
  ranges: TileRange[]
  tiles: number
  tileBytes: number
  bytes: number
  /** Tiles of this plan the device already holds (another area covers them). */
  held: number
  refusal: Refusal | null
}

const base = () => globalThis.location.href

/** Measures a few real tiles of the plan (centre of its middle zoom) to size the estimate. */
async function sampleTileBytes(ranges: TileRange[], basemap: Basemap): Promise<number> {
  const r = ranges[Math.floor(ranges.length / 2)]
  if (!r) return averageTileBytes([])
  const cx = Math.floor((r.minX + r.maxX) / 2)
  const cy = Math.floor((r.minY + r.maxY) / 2)
  const sizes = await Promise.all(
    [cx, cx + 1, cx - 1].map(async (x) => {
      try {
        const res = await browserFetch(tileUrl(basemap.url, basemap.subdomains, { z: r.z, x, y: cy }, base()), {
          mode: 'cors',
          credentials: 'omit',
          cache: 'no-store',
        })
        return res.ok ? (await res.arrayBuffer()).byteLength : 0
      } catch {
        return 0
      }
    }),
  )
  return averageTileBytes(sizes)
}

export const useOfflineAreasStore = defineStore('offline-areas', () => {
  const config = useConfigStore()
  const areas = ref<OfflineAreaRow[]>([])
  const storage = ref<StorageUsage>({ usage: null, quota: null, persisted: null })
  const plan = shallowRef<PlannedArea | null>(null)
  const estimating = ref(false)
  /** The download running now: its area and live counts. */
  const active = ref<{ id: string; kind: RunKind; progress: DownloadProgress } | null>(null)
  const refusal = ref<Refusal | null>(null)
  /** Why the last action failed (storage error, database error), for the page to show. */
  const error = ref<string | null>(null)
  let controller: AbortController | null = null

  const basemap = computed(() => config.config?.basemap ?? null)
  const policy = computed(() => offlinePolicy(basemap.value))

  async function load() {
    await config.load()
    areas.value = await repo.listAreas()
    // A download cut off by closing the page is paused, not running.
    for (const a of areas.value) if (a.status === 'downloading' && active.value?.id !== a.id) await repo.updateArea(a.id, { status: 'paused' })
    areas.value = await repo.listAreas()
    storage.value = await storageUsage()
  }

  async function estimate(bbox: BBox, zooms: number[]) {
    const bm = basemap.value
    if (!bm) return
    estimating.value = true
    try {
      const ranges = basemapRanges(bbox, zooms, bm)
      const tiles = countTiles(ranges)
      const [tileBytes, held, usage] = await Promise.all([
        tiles > 0 ? sampleTileBytes(ranges, bm) : Promise.resolve(averageTileBytes([])),
        tiles > 0 && tiles <= 20_000 ? heldCount({ ranges, url: bm.url, subdomains: bm.subdomains }) : Promise.resolve(0),
        storageUsage(),
      ])
      storage.value = usage
      plan.value = { bbox, zooms, ranges, tiles, tileBytes, bytes: tiles * tileBytes, held, refusal: refuseDownload({ tiles }, tiles - held, tileBytes, usage) }
    } finally {
      estimating.value = false
    }
  }

  async function heldCount(area: { ranges: TileRange[]; url: string; subdomains: string[] }) {
    const held = await areaTileStore.urls()
    return areaUrls(area, base()).filter((u) => held.has(u)).length
  }

  async function run(row: OfflineAreaRow, kind: RunKind) {
    if (active.value) return
    controller = new AbortController()
    active.value = { id: row.id, kind, progress: { total: row.tiles, done: 0, stored: 0, held: 0, absent: 0, failed: 0, bytes: 0 } }
    await repo.updateArea(row.id, { status: 'downloading', updated_at: new Date().toISOString() })
    areas.value = await repo.listAreas()
    let lastSave = 0
    try {
      const counts = await runAreaDownload({
        area: row,
        kind,
        store: areaTileStore,
        base: base(),
        signal: controller.signal,
        onProgress: (p) => {
          if (active.value) active.value.progress = p
          // Keep the count on disk now and then, so a closed page resumes from an honest number.
          const now = Date.now()
          if (now - lastSave > 1000) {
            lastSave = now
            void repo.updateArea(row.id, { stored: p.stored + p.held, bytes: (kind === 'resume' ? row.bytes : 0) + p.bytes })
          }
        },
      })
      const { storageFull, ...kept } = counts
      await repo.updateArea(row.id, { ...kept, updated_at: new Date().toISOString() })
      if (storageFull) error.value = i18n.global.t('maps.storageFull')
    } finally {
      active.value = null
      controller = null
      areas.value = await repo.listAreas()
      storage.value = await storageUsage()
    }
  }

  /** Saves the planned area and downloads it; refused (with the numbers) when it cannot fit. */
  /** Runs an action; a failure is shown on the page instead of vanishing in the console. */
  async function guarded<T>(fn: () => Promise<T>): Promise<T | undefined> {
    error.value = null
    try {
      return await fn()
    } catch (e) {
      error.value = i18n.global.t('maps.failed', { message: e instanceof Error ? e.message : String(e) })
      return undefined
    }
  }

  async function download(name: string, source: OfflineAreaRow['source']): Promise<boolean> {
    return (await guarded(() => startDownload(name, source))) ?? false
  }

  async function startDownload(name: string, source: OfflineAreaRow['source']): Promise<boolean> {
    const p = plan.value
    const bm = basemap.value
    if (!p || !bm || !policy.value.allowed || active.value) return false
    refusal.value = refuseDownload({ tiles: p.tiles }, p.tiles - p.held, p.tileBytes, await storageUsage())
    if (refusal.value) return false
    const now = new Date().toISOString()
    const row: OfflineAreaRow = {
      id: uuidv7(),
      name,
      source,
      // Plain copies: IndexedDB cannot store Vue's reactive proxies.
      bbox: { ...toRaw(p.bbox) },
      zooms: [...p.zooms],
      ranges: p.ranges.map((r) => ({ ...r })),
      preset: bm.preset,
      url: bm.url,
      subdomains: [...bm.subdomains],
      tiles: p.tiles,
      stored: 0,
      absent: 0,
      failed: 0,
      bytes: 0,
      status: 'downloading',
      created_at: now,
      updated_at: now,
    }
    await repo.saveArea(row)
    plan.value = null
    await run(row, 'download')
    // The same choice again now shows what is already on the device.
    await estimate(row.bbox, row.zooms)
    return true
  }

  function resume(id: string, kind: 'resume' | 'refresh' = 'resume') {
    return guarded(() => resumeArea(id, kind))
  }

  async function resumeArea(id: string, kind: 'resume' | 'refresh') {
    const row = await repo.getArea(id)
    if (!row) return
    const remaining = kind === 'refresh' ? row.tiles : Math.max(0, row.tiles - row.stored - row.absent)
    const tileBytes = row.stored > 0 && row.bytes > 0 ? Math.round(row.bytes / row.stored) : averageTileBytes([])
    refusal.value = refuseDownload({ tiles: row.tiles }, remaining, tileBytes, await storageUsage())
    if (refusal.value) return
    await run(row, kind)
  }

  function cancel() {
    controller?.abort()
  }

  function remove(id: string) {
    return guarded(() => removeArea(id))
  }

  async function removeArea(id: string) {
    const row = await repo.getArea(id)
    if (!row || active.value?.id === id) return
    const others = (await repo.listAreas()).filter((a) => a.id !== id)
    if (others.length === 0) await dropAreaCache()
    else await deleteTiles(urlsOnlyIn(row, others, base()))
    await repo.deleteArea(id)
    areas.value = await repo.listAreas()
    storage.value = await storageUsage()
  }

  function clearPlan() {
    plan.value = null
    refusal.value = null
  }

  return { areas, storage, plan, estimating, active, refusal, error, basemap, policy, load, estimate, download, resume, cancel, remove, clearPlan }
})
