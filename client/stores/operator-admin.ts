// The office's side of operators (online only, like user management): which party each operator account
// works for, a party's webhook (its secret shown once, when set or renewed) and the webhook delivery log
// filtered by party and status, paged from the newest.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { z } from 'zod'
import { OperatorAccount, Webhook, WebhookDelivery, type DeliveryQuery } from '#domain/patrol/operator-tasks.ts'
import { apiFetch } from '../api/http.ts'

export const DELIVERY_PAGE = 30

export const useOperatorAdminStore = defineStore('operator-admin', () => {
  const accounts = ref<OperatorAccount[]>([])
  const deliveries = ref<WebhookDelivery[]>([])
  /** More deliveries match than have been fetched. */
  const moreDeliveries = ref(false)

  async function loadAccounts() {
    accounts.value = await apiFetch('/api/patrol/operator-accounts', { schema: z.array(OperatorAccount) })
  }

  async function link(userId: string, partyId: string) {
    await apiFetch(`/api/patrol/operator-accounts/${encodeURIComponent(userId)}`, { method: 'PUT', json: { party_id: partyId } })
    await loadAccounts()
  }

  const webhookPath = (partyId: string) => `/api/patrol/parties/${encodeURIComponent(partyId)}/webhook`

  async function webhook(partyId: string): Promise<Webhook | null> {
    return (await apiFetch(webhookPath(partyId), { schema: z.object({ webhook: Webhook.nullable() }) })).webhook
  }

  /** Sets (or renews) the webhook: the answer carries the new signing secret, this once. */
  function setWebhook(partyId: string, url: string): Promise<Webhook> {
    return apiFetch(webhookPath(partyId), { method: 'PUT', json: { url }, schema: Webhook })
  }

  function removeWebhook(partyId: string): Promise<void> {
    return apiFetch(webhookPath(partyId), { method: 'DELETE' })
  }

  /** The first page for the filters, or the next one after what is shown (`more`). */
  async function loadDeliveries(filter: Pick<DeliveryQuery, 'party_id' | 'status'>, more = false) {
    const q = new URLSearchParams({ limit: String(DELIVERY_PAGE) })
    if (filter.party_id) q.set('party_id', filter.party_id)
    if (filter.status) q.set('status', filter.status)
    const last = deliveries.value.at(-1)
    if (more && last) q.set('before', last.id)
    const page = await apiFetch(`/api/patrol/webhook-deliveries?${q.toString()}`, { schema: z.array(WebhookDelivery) })
    deliveries.value = more ? [...deliveries.value, ...page] : page
    moreDeliveries.value = page.length === DELIVERY_PAGE
  }

  return { accounts, deliveries, moreDeliveries, loadAccounts, link, webhook, setWebhook, removeWebhook, loadDeliveries }
})
