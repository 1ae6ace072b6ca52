// Patrol validation messages in both languages, registered once so the device (field errors before
// saving) and the server (rejected mutations) say exactly the same thing about the same rule.
import { defineMessages } from '../messages.ts'

defineMessages({
  patrol_position_required: { 'zh-CN': '还没有位置，请等待定位或在地图上放置标记', en: 'No position yet: wait for a GPS fix or place the pin on the map' },
  patrol_accuracy_range: { 'zh-CN': '定位精度须在 0–1000 米之间', en: 'Accuracy must be between 0 and 1000 m' },
  patrol_position_source: { 'zh-CN': '位置来源只能是 GPS 或地图', en: 'Position source must be GPS or map' },
  patrol_kind_invalid: { 'zh-CN': '请选择占道类型', en: 'Choose what is blocking the pavement' },
  patrol_count_range: { 'zh-CN': '数量须为 0–500 的整数', en: 'Count must be a whole number from 0 to 500' },
  patrol_operator_key: { 'zh-CN': '运营方编号不正确', en: 'Invalid operator id' },
  patrol_operator_unknown: { 'zh-CN': '未登记的运营方', en: 'Unknown operator' },
  patrol_operator_duplicate: { 'zh-CN': '运营方编号重复', en: 'Duplicate operator id' },
  patrol_operators_max: { 'zh-CN': '运营方过多', en: 'Too many operators' },
  patrol_share_range: { 'zh-CN': '占用比例须在 0 到 1（全部）之间', en: 'Blocked share must be between 0 and 1 (all of it)' },
  patrol_clear_width_range: { 'zh-CN': '剩余通行宽度须在 0–20 米之间', en: 'Remaining clear width must be 0–20 m' },
  patrol_photos_max: { 'zh-CN': '最多 6 张照片', en: 'At most 6 photos' },
  patrol_photos_duplicate: { 'zh-CN': '同一张照片重复添加', en: 'The same photo was added twice' },
  patrol_photo_hash: { 'zh-CN': '照片编号（SHA-256）不正确', en: 'Invalid photo reference (SHA-256)' },
  patrol_address_length: { 'zh-CN': '地址或地标最多 200 个字', en: 'Address or landmark: at most 200 characters' },
  patrol_note_length: { 'zh-CN': '备注最多 1000 个字', en: 'Note: at most 1000 characters' },
  patrol_observed_at: { 'zh-CN': '观察时间格式不正确', en: 'Invalid observation time' },
  patrol_observed_future: { 'zh-CN': '观察时间不能晚于当前时间', en: 'Observation time cannot be in the future' },
  patrol_community_not_yours: { 'zh-CN': '这个社区不在您的巡查范围内', en: 'This community is not one you patrol' },
  patrol_report_unknown: { 'zh-CN': '对应的巡查上报不存在', en: 'The report this sighting belongs to does not exist' },
  patrol_report_closed: { 'zh-CN': '该上报已关闭，请新建上报', en: 'That report is closed; start a new report' },
  patrol_delete_unsupported: { 'zh-CN': '巡查记录不能删除', en: 'Patrol records cannot be deleted' },
  patrol_not_reporter: { 'zh-CN': '只能修改自己提交的记录', en: 'Only the reporter may change this record' },
  report_unknown: { 'zh-CN': '未找到该上报', en: 'No such report' },
  hotspot_unknown: { 'zh-CN': '未找到该热点', en: 'No such hotspot' },
  workflow_merge_target_closed: { 'zh-CN': '目标上报已关闭', en: 'The report to merge into is closed' },
  recheck_not_inspector: { 'zh-CN': '只能指派给负责该社区的巡查员', en: 'Assign re-checks to an inspector who patrols that community' },
  recheck_report_closed: { 'zh-CN': '该上报已关闭，无需复查', en: 'That report is closed; nothing to re-check' },
  recheck_from_office: { 'zh-CN': '复查由协调员在办公室指派', en: 'Re-checks are assigned by the office' },
  open311_key_unknown: { 'zh-CN': '没有这个有效的密钥', en: 'No such live key' },
  party_name_taken: { 'zh-CN': '已有同名单位', en: 'An organisation with this name exists' },
  party_stale: { 'zh-CN': '该单位已被他人修改，请刷新后重试', en: 'Someone else changed this organisation; reload and retry' },
})

export const PATROL_MESSAGES_LOADED = true
