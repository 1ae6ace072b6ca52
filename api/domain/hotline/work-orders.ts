// 12345 hotline work orders (接诉即办): what the office receives from the city hotline, the link to
// the office's own record of the matter (a patrol report, a hotspot or a counter service guide), the
// reply and the resident's callback satisfaction. Shared by the API and the device.
import { z } from 'zod'
import { Id } from '../ids.ts'
import { text } from '../text.ts'

export const LINK_KINDS = ['report', 'hotspot', 'guide'] as const
export type LinkKind = (typeof LINK_KINDS)[number]

/** 回访满意度 as the hotline records it: 满意 / 基本满意 / 不满意. */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const
export type Satisfaction = (typeof SATISFACTIONS)[number]
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' }

/** open: no reply yet, deadline ahead; overdue: no reply, deadline passed; replied / replied_late: answered on or after the deadline. */
export const ORDER_STATES = ['open', 'overdue', 'replied', 'replied_late'] as const
export type OrderState = (typeof ORDER_STATES)[number]

export const ORDER_NO_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$/
export const LIMITS = { category: 50, address: 200, content: 2000, reply: 2000 } as const
/** Orders due within this many hours are listed beside the overdue ones. */
export const DUE_SOON_HOURS = 24

export function orderState(o: { deadline_at: string; replied_at: string | null }, now: Date): OrderState {
  if (o.replied_at) return o.replied_at <= o.deadline_at ? 'replied' : 'replied_late'
  return Date.parse(o.deadline_at) < now.getTime() ? 'overdue' : 'open'
}

export const WorkOrderLink = z.object({
  kind: z.enum(LINK_KINDS),
  id: z.string(),
  /** What the office calls the linked record: the hotspot's landmark, the report's address, the guide's name. */
  label: z.string(),
})
export type WorkOrderLink = z.infer<typeof WorkOrderLink>

export const WorkOrder = z.object({
  id: z.string(),
  order_no: z.string(),
  source: z.enum(['import', 'manual']),
  received_at: z.string(),
  category: z.string(),
  address: z.string(),
  content: z.string(),
  deadline_at: z.string(),
  /** 138****5678: the caller's number as the office may see it (never stored whole); null when none or past retention. */
  caller_masked: z.string().nullable(),
  link: WorkOrderLink.nullable(),
  reply: z.string(),
  replied_at: z.string().nullable(),
  satisfaction: z.enum(SATISFACTIONS).nullable(),
  satisfaction_at: z.string().nullable(),
  state: z.enum(ORDER_STATES),
  created_at: z.string(),
  updated_at: z.string(),
})
export type WorkOrder = z.infer<typeof WorkOrder>

export const DueList = z.object({
  /** The instant the list was made (deadlines count down from it). */
  at: z.string(),
  within_hours: z.number(),
  overdue: z.array(WorkOrder),
  due_soon: z.array(WorkOrder),
})
export type DueList = z.infer<typeof DueList>

const OrderNo = text({ error: 'hotline_order_no_format' }).trim().regex(ORDER_NO_RE, { error: 'hotline_order_no_format' })
const Instant = z.iso.datetime({ offset: true, error: 'hotline_instant_format' })

/** An order entered by hand (a call taken over from paper, a export row that was missing). */
export const WorkOrderInput = z
  .strictObject({
    id: Id.optional(),
    order_no: OrderNo,
    received_at: Instant,
    category: text().trim().max(LIMITS.category, { error: 'hotline_category_long' }).default(''),
    address: text().trim().max(LIMITS.address, { error: 'hotline_address_long' }).default(''),
    content: text().trim().min(1, { error: 'hotline_content_required' }).max(LIMITS.content, { error: 'hotline_content_long' }),
    deadline_at: Instant,
    caller_phone: text().trim().max(40, { error: 'hotline_phone_unreadable' }).optional(),
  })
  .refine((o) => Date.parse(o.deadline_at) > Date.parse(o.received_at), { error: 'hotline_deadline_before_received', path: ['deadline_at'] })
export type WorkOrderInput = z.infer<typeof WorkOrderInput>

export const LinkInput = z.strictObject({
  /** null removes the link. */
  kind: z.enum(LINK_KINDS, { error: 'hotline_link_kind' }).nullable(),
  target_id: text().max(64, { error: 'hotline_link_unknown' }).optional(),
})
export type LinkInput = z.infer<typeof LinkInput>

export const ReplyInput = z.strictObject({
  reply: text().trim().min(1, { error: 'hotline_reply_required' }).max(LIMITS.reply, { error: 'hotline_reply_long' }),
  /** When the reply was given (default: now); not in the future, not before the order came in. */
  replied_at: Instant.optional(),
})
export type ReplyInput = z.infer<typeof ReplyInput>

export const SatisfactionInput = z.strictObject({
  satisfaction: z.enum(SATISFACTIONS, { error: 'hotline_satisfaction_value' }).nullable(),
})
export type SatisfactionInput = z.infer<typeof SatisfactionInput>

/** Monthly figures for the brief (workOrderMonthFigures). */
export const WorkOrderFigures = z.object({
  received: z.number(),
  replied: z.number(),
  replied_on_time: z.number(),
  overdue_open: z.number(),
  satisfied: z.number(),
  basically_satisfied: z.number(),
  dissatisfied: z.number(),
})
export type WorkOrderFigures = z.infer<typeof WorkOrderFigures>
