// Tables of the hotline module (migration 0021): the 12345 work orders.

export interface HotlineWorkOrdersTable {
  subdistrict_id: string
  id: string
  /** 工单编号, unique per subdistrict. */
  order_no: string
  /** 'import' | 'manual' */
  source: string
  received_at: string
  category: string
  address: string
  content: string
  deadline_at: string
  /** 138****5678; the number itself is never stored. Cleared past the counter's retention period. */
  caller_masked: string | null
  /** 'report' | 'hotspot' | 'guide' (a counter matter), with its id. */
  link_kind: string | null
  link_id: string | null
  reply: string
  replied_at: string | null
  replied_by: string | null
  /** 'satisfied' | 'basically_satisfied' | 'dissatisfied' */
  satisfaction: string | null
  satisfaction_at: string | null
  /** The file an imported order came from. */
  import_file: string | null
  created_at: string
  created_by: string | null
  updated_at: string
}

export interface HotlineTables {
  hotline_work_orders: HotlineWorkOrdersTable
}
