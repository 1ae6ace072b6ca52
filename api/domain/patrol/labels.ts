// The Chinese names of report kinds and workflow statuses: the zh-CN interface and the CSV export read
// the same words from here.
import type { ReportKind } from './report.ts'
import type { WorkflowStatus } from './workflow.ts'

export const REPORT_KIND_ZH: Record<ReportKind, string> = {
  shared_bike: '共享单车',
  delivery_ebike: '外卖电动车',
  private_ebike: '私人电动车',
  car: '机动车',
  stall: '摊点',
  debris: '杂物',
  other: '其他',
}

export const WORKFLOW_STATUS_ZH: Record<WorkflowStatus, string> = {
  open: '待处理',
  notified: '已通知',
  in_progress: '处理中',
  resolved: '已处理',
  verified: '已核实',
  duplicate: '重复',
  not_ours: '非本街道',
}
