// 12345 work orders for the office: the list and the deadline list, one order with its link, reply
// and satisfaction, an order entered by hand, and the import of the hotline's export (a preview
// first, then the import). Online only: the office handles orders at a desk.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { z } from 'zod'
import { DueList, WorkOrder, type LinkKind, type Satisfaction, type WorkOrderInput } from '#domain/hotline/work-orders.ts'
import { ImportReport } from '#domain/hotline/import.ts'
import { HotspotPage } from '#domain/patrol/hotspot-views.ts'
import { ReportSummary } from '#domain/patrol/report.ts'
import { Guide } from '#domain/counter/guides.ts'
import { apiFetch } from '../api/http.ts'

export interface LinkChoice {
  id: string
  label: string
}

/** The file's bytes as base64, in slices so a large file does not overflow the argument list. */
export function toBase64(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

export const useHotlineStore = defineStore('hotline', () => {
  const orders = ref<WorkOrder[]>([])
  const due = ref<DueList | null>(null)
  const current = ref<WorkOrder | null>(null)

  async function loadList(status: 'open' | 'replied' | 'all' = 'all', q = '') {
    const params = new URLSearchParams({ status })
    if (q.trim()) params.set('q', q.trim())
    const [list, d] = await Promise.all([
      apiFetch(`/api/hotline/orders?${params}`, { schema: z.array(WorkOrder) }),
      apiFetch('/api/hotline/orders/due', { schema: DueList }),
    ])
    orders.value = list
    due.value = d
  }

  async function loadOrder(id: string) {
    current.value = await apiFetch(`/api/hotline/orders/${encodeURIComponent(id)}`, { schema: WorkOrder })
  }

  async function create(input: WorkOrderInput) {
    return apiFetch('/api/hotline/orders', { method: 'POST', json: input, schema: WorkOrder })
  }

  async function link(id: string, kind: LinkKind | null, targetId?: string) {
    current.value = await apiFetch(`/api/hotline/orders/${id}/link`, {
      method: 'PUT',
      json: { kind, ...(kind ? { target_id: targetId } : {}) },
      schema: WorkOrder,
    })
  }

  async function reply(id: string, text: string) {
    current.value = await apiFetch(`/api/hotline/orders/${id}/reply`, { method: 'PUT', json: { reply: text }, schema: WorkOrder })
  }

  async function setSatisfaction(id: string, satisfaction: Satisfaction | null) {
    current.value = await apiFetch(`/api/hotline/orders/${id}/satisfaction`, { method: 'PUT', json: { satisfaction }, schema: WorkOrder })
  }

  /** What can be linked, by kind: hotspots by landmark, recent reports by address, counter matters by name. */
  async function linkChoices(kind: LinkKind): Promise<LinkChoice[]> {
    if (kind === 'hotspot') {
      const page = await apiFetch('/api/patrol/hotspots?limit=200', { schema: HotspotPage })
      return page.items.map((h) => ({ id: h.id, label: h.landmark }))
    }
    if (kind === 'report') {
      const reports = await apiFetch('/api/patrol/reports?limit=200', { schema: z.array(ReportSummary) })
      return reports.map((r) => ({ id: r.id, label: r.address }))
    }
    const guides = await apiFetch('/api/counter/guides', { schema: z.array(Guide) })
    return guides.map((g) => ({ id: g.id, label: g.name }))
  }

  async function preview(filename: string, bytes: Uint8Array) {
    return apiFetch('/api/hotline/imports/preview', { method: 'POST', json: { filename, content_base64: toBase64(bytes) }, schema: ImportReport })
  }

  async function commitImport(id: string, filename: string, bytes: Uint8Array) {
    return apiFetch('/api/hotline/imports', { method: 'POST', json: { id, filename, content_base64: toBase64(bytes) }, schema: ImportReport })
  }

  return { orders, due, current, loadList, loadOrder, create, link, reply, setSatisfaction, linkChoices, preview, commitImport }
})
