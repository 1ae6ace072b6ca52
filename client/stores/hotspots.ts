// The coordinator's review state: ONE filter that the map tiles, the ranked hotspot list and the
// charts are all loaded with, plus the hotspot page's detail and the workflow actions (online only).
import { defineStore } from 'pinia'
import { z } from 'zod'
import { reactive, ref, shallowRef } from 'vue'
import { UnplacedReport, type HotspotStatus, type WorkflowStatus } from '#domain/patrol/workflow.ts'
import { CellReports, MAP_PREPARING_TYPE, MAP_RETRY_SECONDS, MapBuildProgress, MapTile } from '#domain/patrol/map-tiles.ts'
import { Observation, ReportSummary } from '#domain/patrol/report.ts'
import { Operator } from '#domain/patrol/operators.ts'
import { DEFAULT_OPERATORS } from '#domain/patrol/operators.ts'
import { HotspotDetail, HotspotPage, HotspotTotals, Inspector, Created, type HotspotSummary } from '#domain/patrol/hotspot-views.ts'
import { apiFetch, ProblemError } from '../api/http.ts'
import { HotspotBeforeAfter } from '#domain/patrol/before-after-views.ts'

export interface ReviewFilterState {
  from: string
  to: string
  community: string[]
  kind: string[]
  operator: string[]
  status: string[]
}

export function filterQuery(f: ReviewFilterState): URLSearchParams {
  const q = new URLSearchParams()
  if (f.from) q.set('from', f.from)
  if (f.to) q.set('to', f.to)
  for (const key of ['community', 'kind', 'operator', 'status'] as const) if (f[key].length) q.set(key, f[key].join(','))
  return q
}

/** The build's progress when a tile answer says the map is still being prepared (503), else undefined. */
function preparingProgress(e: unknown): MapBuildProgress | undefined {
  if (!(e instanceof ProblemError) || e.status !== 503 || e.problem?.type !== MAP_PREPARING_TYPE) return undefined
  const parsed = MapBuildProgress.safeParse((e.problem as unknown as Record<string, unknown>).map_build)
  return parsed.success ? parsed.data : { phase: 'indexing', done: 0, total: 0, percent: 0 }
}

export const useHotspotsStore = defineStore('hotspots', () => {
  const filter = reactive<ReviewFilterState>({ from: '', to: '', community: [], kind: [], operator: [], status: [] })
  /** Bumped by every refresh: the map asks for its tiles again (the browser revalidates them by ETag). */
  const mapVersion = ref(0)
  /** The report a tap on the map opened, with its sightings. */
  const openedReport = shallowRef<{ report: ReportSummary; observations: Observation[] } | null>(null)
  const hotspots = ref<HotspotSummary[]>([])
  const summary = ref<HotspotTotals | null>(null)
  const detail = ref<HotspotDetail | null>(null)
  const inspectors = ref<Inspector[]>([])
  const operators = ref<Operator[]>(DEFAULT_OPERATORS)
  const loading = ref(false)
  const error = ref<unknown>(null)
  /** Reports that came without a position (Open311 with only an address), waiting to be placed. */
  const unplaced = ref<UnplacedReport[]>([])
  /** Measured: how many tiles the last view needed and how long they took (ms). */
  const tilesMs = ref(0)
  const tileCount = ref(0)
  /** While the server is still building its map tables: how far it has come (the map asks again by itself). */
  const mapPreparing = ref<MapBuildProgress | null>(null)
  let preparingRetry: ReturnType<typeof setTimeout> | undefined
  /** The ranked list shows only hotspots no agreement is about (the map and charts keep the filter). */
  const noAgreement = ref(false)
  let generation = 0
  let listGeneration = 0

  const listUrl = () => {
    const q = filterQuery(filter)
    q.set('limit', '100')
    if (noAgreement.value) q.set('agreement', 'none')
    return `/api/patrol/hotspots?${q}`
  }

  /** Reloads the ranked list alone (its own switch changed). */
  async function refreshList() {
    const gen = ++listGeneration
    try {
      const list = await apiFetch(listUrl(), { schema: HotspotPage })
      if (gen === listGeneration) hotspots.value = list.items
    } catch (e) {
      if (gen === listGeneration) error.value = e
    }
  }

  /**
   * The map tiles of one view under the current filter (XYZ, see api/domain/patrol/map-tiles.ts). Each is
   * a plain GET the browser keeps: asked again, it revalidates with If-None-Match and gets a 304.
   */
  async function loadTiles(list: readonly { z: number; x: number; y: number }[]): Promise<MapTile[]> {
    const started = performance.now()
    const q = filterQuery(filter).toString()
    try {
      const tiles = await Promise.all(list.map((t) => apiFetch(`/api/patrol/hotspots/tiles/${t.z}/${t.x}/${t.y}${q ? `?${q}` : ''}`, { schema: MapTile })))
      tilesMs.value = Math.round(performance.now() - started)
      tileCount.value = list.length
      mapPreparing.value = null
      return tiles
    } catch (e) {
      const preparing = preparingProgress(e)
      if (preparing) {
        // Not an error: the map's data is still being prepared; ask again when the server says.
        mapPreparing.value = preparing
        clearTimeout(preparingRetry)
        preparingRetry = setTimeout(() => mapVersion.value++, ((e as ProblemError).retryAfterSeconds ?? MAP_RETRY_SECONDS) * 1000)
      } else error.value = e
      throw e
    }
  }

  /** Stops asking again for the tiles of a map being prepared (the page is left). */
  function stopTileRetry() {
    clearTimeout(preparingRetry)
    mapPreparing.value = null
  }

  /**
   * One page of the reports of a closest-zoom cluster's cell (`cell`: `z/x/y/cell` from the tile) under
   * the current filter, newest first; `before` is the `next` of the page before.
   */
  function loadCellReports(cell: string, before?: string) {
    const [z, x, y, n] = cell.split('/')
    const q = filterQuery(filter)
    if (before) q.set('before', before)
    return apiFetch(`/api/patrol/hotspots/tiles/${z}/${x}/${y}/cells/${n}?${q}`, { schema: CellReports })
  }

  async function openReport(id: string) {
    openedReport.value = await apiFetch(`/api/patrol/reports/${id}`, { schema: z.object({ report: ReportSummary, observations: z.array(Observation) }) })
  }

  /** Reloads the map's tiles, the ranked list and the chart totals under the current filter. */
  async function refresh() {
    const gen = ++generation
    loading.value = true
    error.value = null
    mapVersion.value++
    try {
      const listGen = ++listGeneration
      const [list, sum] = await Promise.all([
        apiFetch(listUrl(), { schema: HotspotPage }),
        apiFetch(`/api/patrol/hotspots/summary?${filterQuery(filter)}`, { schema: HotspotTotals }),
      ])
      if (gen !== generation) return
      if (listGen === listGeneration) hotspots.value = list.items
      summary.value = sum
    } catch (e) {
      if (gen === generation) error.value = e
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function resetFilter() {
    Object.assign(filter, { from: '', to: '', community: [], kind: [], operator: [], status: [] })
  }

  async function loadOperators() {
    try {
      operators.value = await apiFetch('/api/patrol/operators', { schema: z.array(Operator) })
    } catch {
      /* the defaults name the usual operators */
    }
  }

  async function loadDetail(id: string) {
    detail.value = await apiFetch(`/api/patrol/hotspots/${id}`, { schema: HotspotDetail })
    return detail.value
  }

  /** Before/after a change at the hotspot: the latest recorded one unless `changeAt` names another. */
  function loadBeforeAfter(id: string, weeks: number, changeAt?: string) {
    const q = new URLSearchParams({ weeks: String(weeks) })
    if (changeAt) q.set('change_at', changeAt)
    return apiFetch(`/api/patrol/hotspots/${id}/before-after?${q}`, { schema: HotspotBeforeAfter })
  }

  async function loadInspectors() {
    inspectors.value = await apiFetch('/api/patrol/review/inspectors', { schema: z.array(Inspector) })
  }

  async function setHotspotStatus(id: string, status: HotspotStatus, note: string) {
    detail.value = await apiFetch(`/api/patrol/hotspots/${id}/status`, { schema: HotspotDetail, json: { status, note } })
  }

  async function setReportStatus(reportId: string, status: WorkflowStatus, note: string) {
    await apiFetch(`/api/patrol/review/reports/${reportId}/status`, { json: { status, note } })
    if (detail.value) await loadDetail(detail.value.id)
  }

  async function merge(targetId: string, duplicateIds: string[], note: string) {
    await apiFetch(`/api/patrol/review/reports/${targetId}/merge`, { json: { duplicate_ids: duplicateIds, note } })
    if (detail.value) await loadDetail(detail.value.id)
  }

  /** `input.id` is made once per fill of the form: a resend answers with the same re-check. */
  async function assignRecheck(input: { id: string; report_id: string; assignee_id: string; due_at: string; note: string }) {
    return apiFetch('/api/patrol/review/rechecks', { schema: Created, json: input })
  }

  async function setPhotoApproval(sha256: string, approved: boolean) {
    await apiFetch(`/api/patrol/review/photos/${sha256}/publication`, { json: { approved } })
    if (detail.value) for (const p of detail.value.photos) if (p.sha256 === sha256) p.approved_for_publication = approved
  }

  async function loadUnplaced() {
    unplaced.value = await apiFetch('/api/patrol/review/unplaced', { schema: z.array(UnplacedReport) })
  }

  /** Places a waiting report; it leaves the list and joins the map, its hotspot and the charts. */
  async function placeReport(reportId: string, at: { lat: number; lng: number }) {
    await apiFetch(`/api/patrol/review/reports/${reportId}/position`, { json: { lat: at.lat, lng: at.lng } })
    unplaced.value = unplaced.value.filter((r) => r.id !== reportId)
    await refresh()
  }

  /** The export of the current filter; `codes` keeps kinds and statuses as codes in the CSV. */
  const exportUrl = (format: 'csv' | 'geojson', codes = false) => {
    const q = filterQuery(filter)
    if (codes) q.set('codes', '1')
    return `/api/patrol/exports/reports.${format}?${q}`
  }

  return {
    filter,
    loadBeforeAfter,
    mapVersion,
    loadTiles,
    mapPreparing,
    stopTileRetry,
    tilesMs,
    tileCount,
    openedReport,
    openReport,
    loadCellReports,
    hotspots,
    summary,
    detail,
    inspectors,
    operators,
    loading,
    error,
    unplaced,
    loadUnplaced,
    placeReport,
    noAgreement,
    refresh,
    refreshList,
    resetFilter,
    loadOperators,
    loadDetail,
    loadInspectors,
    setHotspotStatus,
    setReportStatus,
    merge,
    assignRecheck,
    setPhotoApproval,
    exportUrl,
  }
})
