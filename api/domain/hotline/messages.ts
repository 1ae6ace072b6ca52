// Messages of the hotline module (12345 work orders), zh-CN and en.
import type { MessageDict } from '../messages.ts'
import { MAX_IMPORT_ROWS } from './import.ts'
import { LIMITS } from './work-orders.ts'

export const HOTLINE_MESSAGES: MessageDict = {
  hotline_order_no_required: { 'zh-CN': '缺少工单编号', en: 'The order number is missing' },
  hotline_order_no_format: {
    'zh-CN': '工单编号应为 4–40 位字母、数字、连字符或下划线',
    en: 'The order number must be 4–40 letters, digits, hyphens or underscores',
  },
  hotline_order_no_duplicate: {
    'zh-CN': '工单编号在本文件中重复出现（第 {first} 行已有）',
    en: 'This order number appears twice in the file (first in row {first})',
  },
  hotline_order_no_taken: { 'zh-CN': '该工单编号已存在', en: 'An order with this number already exists' },
  hotline_received_required: { 'zh-CN': '缺少受理时间', en: 'The received time is missing' },
  hotline_received_format: {
    'zh-CN': '受理时间无法识别，应写作 2026-11-03 09:12',
    en: 'The received time cannot be read; write it as 2026-11-03 09:12',
  },
  hotline_received_future: { 'zh-CN': '受理时间晚于当前时间', en: 'The received time is in the future' },
  hotline_deadline_required: { 'zh-CN': '缺少办结时限', en: 'The deadline is missing' },
  hotline_deadline_format: {
    'zh-CN': '办结时限无法识别，应写作 2026-11-10 18:00、2026-11-10 或“72小时”',
    en: 'The deadline cannot be read; write it as 2026-11-10 18:00, 2026-11-10 or 72小时',
  },
  hotline_deadline_workdays: {
    'zh-CN': '按工作日计的时限无法换算，请填写具体截止时间',
    en: 'A deadline in working days cannot be converted; give the date and time',
  },
  hotline_deadline_before_received: { 'zh-CN': '办结时限早于受理时间', en: 'The deadline is before the received time' },
  hotline_content_required: { 'zh-CN': '缺少诉求内容', en: 'The complaint text is missing' },
  hotline_content_long: { 'zh-CN': `诉求内容不能超过 ${LIMITS.content} 字`, en: `The complaint text may be at most ${LIMITS.content} characters` },
  hotline_category_long: { 'zh-CN': `问题分类不能超过 ${LIMITS.category} 字`, en: `The category may be at most ${LIMITS.category} characters` },
  hotline_address_long: { 'zh-CN': `地址不能超过 ${LIMITS.address} 字`, en: `The address may be at most ${LIMITS.address} characters` },
  hotline_phone_unreadable: { 'zh-CN': '来电号码无法识别', en: 'The caller’s number cannot be read' },
  hotline_instant_format: { 'zh-CN': '时间格式不正确', en: 'Invalid time' },
  hotline_column_missing: { 'zh-CN': '文件缺少“{column}”列', en: 'The file has no “{column}” column' },
  hotline_file_name: { 'zh-CN': '请提供文件名（200 字以内）', en: 'Give the file name (at most 200 characters)' },
  hotline_file_too_big: { 'zh-CN': '文件不能超过 700 KB，请按月分批导出', en: 'The file may be at most 700 KB; export one month at a time' },
  hotline_file_base64: { 'zh-CN': '文件内容编码不正确', en: 'The file content is not valid base64' },
  hotline_file_empty: { 'zh-CN': '文件中没有找到表头（工单编号所在的行）', en: 'No header row (the one naming 工单编号) was found in the file' },
  hotline_file_unreadable: {
    'zh-CN': '无法读取该文件，请上传 CSV（UTF-8 或 GB18030）或 Excel .xlsx 文件',
    en: 'This file cannot be read; upload a CSV (UTF-8 or GB18030) or an Excel .xlsx file',
  },
  hotline_file_xls: {
    'zh-CN': '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV',
    en: 'Old .xls files are not supported; save it as .xlsx or CSV in Excel',
  },
  hotline_file_too_many_rows: {
    'zh-CN': `一个文件最多 ${MAX_IMPORT_ROWS} 行工单，请分批导出`,
    en: `A file may hold at most ${MAX_IMPORT_ROWS} orders; export it in parts`,
  },
  hotline_import_has_errors: {
    'zh-CN': '有 {count} 处无法读取，未导入任何工单；请修改文件后重新导入',
    en: '{count} cell(s) could not be read; nothing was imported. Fix the file and import it again',
  },
  hotline_link_kind: { 'zh-CN': '关联类型应为巡查上报、热点或窗口事项', en: 'Link to a patrol report, a hotspot or a counter matter' },
  hotline_link_unknown: { 'zh-CN': '要关联的记录不存在', en: 'The record to link does not exist' },
  hotline_link_target_required: { 'zh-CN': '请选择要关联的记录', en: 'Choose the record to link' },
  hotline_reply_required: { 'zh-CN': '请填写答复内容', en: 'Write the reply' },
  hotline_reply_long: { 'zh-CN': `答复不能超过 ${LIMITS.reply} 字`, en: `The reply may be at most ${LIMITS.reply} characters` },
  hotline_reply_future: { 'zh-CN': '答复时间不能晚于当前时间', en: 'The reply time cannot be in the future' },
  hotline_reply_before_received: { 'zh-CN': '答复时间不能早于受理时间', en: 'The reply time cannot be before the received time' },
  hotline_satisfaction_value: { 'zh-CN': '回访满意度应为满意、基本满意或不满意', en: 'Satisfaction is satisfied, basically satisfied or dissatisfied' },
  hotline_satisfaction_before_reply: { 'zh-CN': '请先记录答复，再填写回访满意度', en: 'Record the reply before the callback satisfaction' },
}
