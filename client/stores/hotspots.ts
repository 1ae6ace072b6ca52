// The coordinator's review state: ONE filter that the map points, the ranked hotspot list and the
// charts are all loaded with, plus the hotspot page's detail and the workflow actions (online only).
import { defineStore } from 'pinia'
import { z } from 'zod'
import { reactive, ref, shallowRef } from 'vue'
import type { HotspotStatus, MapPoint, WorkflowStatus } from '#domain/patrol/workflow.ts'
import { Operator } from '#domain/patrol/operators.ts'
import { DEFAULT_OPERATORS } from '#domain/patrol/operators.ts'
import { HotspotDetail, HotspotPage, HotspotTotals, Inspector, MapPointsPage, Created, type HotspotSummary } from '#domain/patrol/hotspot-views.ts'
import { apiFetch } from '../api/http.ts'

export interface ReviewFilterState {
  from: string
  to: string
  community: string[]
  kind: string[]
  operator: string[]
  status: string[]
}

const PAGE = 50_000

export function filterQuery(f: ReviewFilterState): URLSearchParams {
  const q = new URLSearchParams()
  if (f.from) q.set('from', f.from)
  if (f.to) q.set('to', f.to)
  for (const key of ['community', 'kind', 'operator', 'status'] as const) if (f[key].length) q.set(key, f[key].join(','))
  return q
}

export const useHotspotsStore = defineStore('hotspots', () => {
  const filter = reactive<ReviewFilterState>({ from: '', to: '', community: [], kind: [], operator: [], status: [] })
  const points = shallowRef<MapPoint[]>([])
  const hotspots = ref<HotspotSummary[]>([])
  const summary = ref<HotspotTotals | null>(null)
  const detail = ref<HotspotDetail | null>(null)
  const inspectors = ref<Inspector[]>([])
  const operators = ref<Operator[]>(DEFAULT_OPERATORS)
  const loading = ref(false)
  const error = ref<unknown>(null)
  /** Measured: how long the last points download took (ms). */
  const pointsMs = ref(0)
  let generation = 0

  async function loadPoints(gen: number) {
    const started = performance.now()
    const all: MapPoint[] = []
    let after: string | null = null
    do {
      const q = filterQuery(filter)
      q.set('limit', String(PAGE))
      if (after) q.set('after', after)
      const page = await apiFetch(`/api/patrol/hotspots/points?${q}`, { schema: MapPointsPage })
      if (gen !== generation) return
      for (const p of page.points) all.push(p)
      after = page.next
    } while (after)
    points.value = all
    pointsMs.value = Math.round(performance.now() - started)
  }

  /** Reloads map points, the ranked list and the chart totals under the current filter. */
  async function refresh() {
    const gen = ++generation
    loading.value = true
    error.value = null
    try {
      const q = filterQuery(filter)
      q.set('limit', '100')
      const [list, sum] = await Promise.all([
        apiFetch(`/api/patrol/hotspots?${q}`, { schema: HotspotPage }),
        apiFetch(`/api/patrol/hotspots/summary?${filterQuery(filter)}`, { schema: HotspotTotals }),
        loadPoints(gen),
      ])
      if (gen !== generation) return
      hotspots.value = list.items
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

  async function assignRecheck(input: { report_id: string; assignee_id: string; due_at: string; note: string }) {
    return apiFetch('/api/patrol/review/rechecks', { schema: Created, json: input })
  }

  async function setPhotoApproval(sha256: string, approved: boolean) {
    await apiFetch(`/api/patrol/review/photos/${sha256}/publication`, { json: { approved } })
    if (detail.value) for (const p of detail.value.photos) if (p.sha256 === sha256) p.approved_for_publication = approved
  }

  /** The export of the current filter; `codes` keeps kinds and statuses as codes in the CSV. */
  const exportUrl = (format: 'csv' | 'geojson', codes = false) => {
    const q = filterQuery(filter)
    if (codes) q.set('codes', '1')
    return `/api/patrol/exports/reports.${format}?${q}`
  }

  return {
    filter,
    points,
    hotspots,
    summary,
    detail,
    inspectors,
    operators,
    loading,
    error,
    pointsMs,
    refresh,
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
