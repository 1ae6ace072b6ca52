// The bike-share operators and delivery platforms whose vehicles inspectors count. The list is data,
// configurable per subdistrict, and its names are generic (单车A, 外卖平台甲), never real brands.
import { z } from 'zod'
import { text } from '../text.ts'

export const OPERATOR_KINDS = ['bike_share', 'delivery'] as const
export const OperatorKind = z.enum(OPERATOR_KINDS)

export const Operator = z.object({
  id: text(),
  name: text(),
  kind: OperatorKind,
  sort_order: z.number().int(),
})
export type Operator = z.infer<typeof Operator>

/** The office replaces the whole list at once; ids not listed are retired (old counts stay valid). */
export const OperatorList = z
  .array(
    z.strictObject({
      id: text().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, { error: 'patrol_operator_key' }),
      name: text().trim().min(1, { error: 'required' }).max(40),
      kind: OperatorKind,
      sort_order: z.number().int().min(0).max(10_000),
    }),
  )
  .min(1, { error: 'required' })
  .max(30, { error: 'patrol_operators_max' })
  .refine((list) => new Set(list.map((o) => o.id)).size === list.length, { error: 'patrol_operator_duplicate' })

/** What a new subdistrict starts with; the office edits the list later. */
export const DEFAULT_OPERATORS: Operator[] = [
  { id: 'bike-a', name: '单车A', kind: 'bike_share', sort_order: 10 },
  { id: 'bike-b', name: '单车B', kind: 'bike_share', sort_order: 20 },
  { id: 'bike-c', name: '单车C', kind: 'bike_share', sort_order: 30 },
  { id: 'delivery-jia', name: '外卖平台甲', kind: 'delivery', sort_order: 40 },
  { id: 'delivery-yi', name: '外卖平台乙', kind: 'delivery', sort_order: 50 },
  { id: 'other', name: '其他', kind: 'bike_share', sort_order: 90 },
]
