// Residents, ticket sales, voids, the kitchen sheet and the weekly reconciliation for the meals staff.
// Sales go to the server, whose clock decides the window; without network a sale goes into the sync
// outbox instead and is decided when it arrives — a refusal stays listed here with its reason.
import { defineStore } from 'pinia'
import { z } from 'zod'
import { liveQuery } from 'dexie'
import { ref, shallowRef } from 'vue'
import { Subscriber, SubscriberRevealed } from '#domain/meals/people.ts'
import { KitchenSheet, Reconciliation, Sale } from '#domain/meals/sales.ts'
import { Community } from '#domain/auth.ts'
import { apiFetch, NetworkError } from '../api/http.ts'
import type { Synced } from '../db/synced-view.ts'
import { queuedSales, queueSale, type QueuedSale } from '../db/meals-sales.ts'
import { cachedGet } from '../db/meals-cache.ts'

export const useMealsSalesStore = defineStore('meals-sales', () => {
  const subscribers = ref<Subscriber[]>([])
  const communities = ref<Community[]>([])
  const sales = ref<Sale[]>([])
  const kitchen = ref<KitchenSheet | null>(null)
  const report = ref<Reconciliation | null>(null)
  /** This device's sales waiting in the outbox or refused by the server. */
  const queued = shallowRef<Synced<QueuedSale>[]>([])
  liveQuery(queuedSales).subscribe({ next: (rows) => (queued.value = rows), error: () => undefined })

  async function loadSubscribers() {
    const [s, c] = await Promise.all([cachedGet('/api/meals/subscribers', z.array(Subscriber)), cachedGet('/api/admin/communities', z.array(Community))])
    subscribers.value = s.value
    communities.value = c.value
  }

  /** `input.id` is made once per fill of the form: a resend answers with the same subscriber. */
  async function addSubscriber(input: Record<string, unknown> & { id: string }) {
    const s = await apiFetch('/api/meals/subscribers', { schema: Subscriber, json: input })
    subscribers.value = [...subscribers.value, s].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    return s
  }

  async function updateSubscriber(id: string, input: Record<string, unknown>) {
    const s = await apiFetch(`/api/meals/subscribers/${id}`, { schema: Subscriber, method: 'PUT', json: input })
    subscribers.value = subscribers.value.map((x) => (x.id === id ? s : x))
    return s
  }

  function reveal(id: string) {
    return apiFetch(`/api/meals/subscribers/${id}/reveal`, { schema: SubscriberRevealed, method: 'POST' })
  }

  async function loadSales(filter: { week?: string; subscriber_id?: string }) {
    sales.value = await apiFetch(`/api/meals/sales?${new URLSearchParams(filter).toString()}`, { schema: z.array(Sale) })
  }

  /** A resident's active sales of a week (to warn before selling the same days twice); none offline. */
  async function heldSales(subscriberId: string, week: string): Promise<Sale[]> {
    try {
      const list = await apiFetch(`/api/meals/sales?${new URLSearchParams({ week, subscriber_id: subscriberId }).toString()}`, { schema: z.array(Sale) })
      return list.filter((s) => s.status === 'active')
    } catch (e) {
      if (e instanceof NetworkError) return []
      throw e
    }
  }

  function getSale(id: string) {
    return apiFetch(`/api/meals/sales/${id}`, { schema: Sale })
  }

  /** Records a sale online, or queues it for the sync engine when the network is gone. */
  async function sell(input: { id: string } & Record<string, unknown>): Promise<{ sale: Sale } | { queued: string }> {
    try {
      const s = await apiFetch('/api/meals/sales', { schema: Sale, json: input })
      sales.value = [s, ...sales.value.filter((x) => x.id !== s.id)]
      return { sale: s }
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e
      const { id, ...data } = input
      await queueSale(id, { ...data, client_time: new Date().toISOString() })
      return { queued: id }
    }
  }

  async function voidSale(id: string, reason: string, refund_fen?: number) {
    const s = await apiFetch(`/api/meals/sales/${id}/void`, { schema: Sale, json: { reason, ...(refund_fen !== undefined ? { refund_fen } : {}) } })
    sales.value = sales.value.map((x) => (x.id === id ? s : x))
    return s
  }

  async function loadKitchen(date: string) {
    kitchen.value = await apiFetch(`/api/meals/kitchen/${date}`, { schema: KitchenSheet })
  }

  async function loadReport(week: string) {
    report.value = await apiFetch(`/api/meals/reports/${week}`, { schema: Reconciliation })
  }

  return {
    subscribers,
    communities,
    sales,
    kitchen,
    report,
    queued,
    loadSubscribers,
    addSubscriber,
    updateSubscriber,
    reveal,
    loadSales,
    getSale,
    heldSales,
    sell,
    voidSale,
    loadKitchen,
    loadReport,
  }
})
