// A resident's rights over their data, for the meals staff and the counter: what a withdrawal of
// consent would do, the withdrawal itself, and the copy of everything held about them. Online only:
// each is decided and audited by the server.
import { defineStore } from 'pinia'
import { CounterWithdrawResult, ResidentExport, WithdrawalPreview, WithdrawResult, type WithdrawScope } from '#domain/privacy.ts'
import { apiFetch } from '../api/http.ts'

export const useResidentPrivacyStore = defineStore('resident-privacy', () => {
  const preview = (id: string) => apiFetch(`/api/meals/subscribers/${id}/withdrawal`, { schema: WithdrawalPreview })
  const withdraw = (id: string, scope: WithdrawScope, confirmTickets: boolean) =>
    apiFetch(`/api/meals/subscribers/${id}/withdraw`, { schema: WithdrawResult, json: { scope, confirm_tickets: confirmTickets } })
  const exportSubscriber = (id: string) => apiFetch(`/api/meals/subscribers/${id}/export`, { schema: ResidentExport, method: 'POST' })
  const exportVisitor = (phone: string) => apiFetch('/api/counter/visitors/export', { schema: ResidentExport, json: { phone } })
  const withdrawVisitor = (phone: string) => apiFetch('/api/counter/visitors/withdraw', { schema: CounterWithdrawResult, json: { phone } })
  return { preview, withdraw, exportSubscriber, exportVisitor, withdrawVisitor }
})
