// Patrol validation messages in both languages: one dictionary, so the device (field errors before
// saving) and the server (rejected mutations) say exactly the same thing about the same rule.
import type { MessageDict } from '../messages.ts'

export const PATROL_MESSAGES: MessageDict = {
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
  patrol_evidence_required: {
    'zh-CN': '请至少填写一项：车辆数量、被占宽度或照片',
    en: 'Add at least one of: a vehicle count, the blocked share or a photo',
  },
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
}

export const PATROL_MESSAGES_LOADED = true

export const AGREEMENT_MESSAGES: MessageDict = {
  agreement_title: { 'zh-CN': '请填写协议名称（最多 80 个字）', en: 'Enter a title (at most 80 characters)' },
  agreement_measure: { 'zh-CN': '请填写商定的措施（最多 1000 个字）', en: 'Describe the agreed measure (at most 1000 characters)' },
  agreement_parties_min: { 'zh-CN': '协议至少需要两个参与方', en: 'An agreement needs at least two parties' },
  agreement_parties_max: { 'zh-CN': '参与方最多 12 个', en: 'At most 12 parties' },
  agreement_party_duplicate: { 'zh-CN': '同一单位重复添加', en: 'The same organisation was added twice' },
  agreement_party_required: { 'zh-CN': '请选择参与方单位', en: 'Choose the organisation' },
  agreement_commitment_party: { 'zh-CN': '每项承诺都须指定一个参与方', en: 'Each commitment must name one of the parties' },
  agreement_commitment_text: { 'zh-CN': '请填写承诺内容（最多 200 个字）', en: 'Write the commitment (at most 200 characters)' },
  agreement_commitments_min: { 'zh-CN': '至少填写一项承诺', en: 'Add at least one commitment' },
  agreement_date: { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'Date must be YYYY-MM-DD' },
  before_after_weeks: { 'zh-CN': '对比周数须为 1–26 的整数', en: 'Weeks to compare must be a whole number from 1 to 26' },
  before_after_change_at: { 'zh-CN': '变化时间格式不正确', en: 'Invalid time of the change' },
  agreement_review_before_effective: { 'zh-CN': '复查日期不能早于生效日期', en: 'The review date cannot be before the effective date' },
  agreement_status: { 'zh-CN': '协议状态不正确', en: 'Invalid agreement status' },
  agreement_status_change: { 'zh-CN': '不允许这样变更协议状态', en: 'This status change is not allowed' },
  agreement_signature_required: {
    'zh-CN': '生效前须由该方代表签名或记录口头同意及见证人',
    en: 'Before it takes effect, this party must sign or be recorded as agreeing verbally with a witness',
  },
  agreement_witness: { 'zh-CN': '请填写见证人（最多 40 个字）', en: 'Enter the witness (at most 40 characters)' },
  agreement_representative: { 'zh-CN': '代表姓名最多 30 个字', en: 'Representative: at most 30 characters' },
  agreement_photos_max: { 'zh-CN': '最多 12 张照片', en: 'At most 12 photos' },
  agreement_address: { 'zh-CN': '地点描述最多 200 个字', en: 'Place: at most 200 characters' },
  agreement_note: { 'zh-CN': '备注最多 1000 个字', en: 'Note: at most 1000 characters' },
  agreement_links_max: { 'zh-CN': '关联的热点或上报过多', en: 'Too many linked hotspots or reports' },
  agreement_unknown: { 'zh-CN': '协议不存在', en: 'Unknown agreement' },
  agreement_hotspot_unknown: { 'zh-CN': '关联的热点不存在', en: 'A linked hotspot does not exist' },
  agreement_report_unknown: { 'zh-CN': '关联的巡查上报不存在', en: 'A linked report does not exist' },
  agreement_inspector_draft_only: {
    'zh-CN': '巡查员只能起草协议，生效须由协调员确认',
    en: 'Inspectors may only draft; a coordinator puts the agreement into effect',
  },
  agreement_delete_unsupported: { 'zh-CN': '协议不能删除，可将状态改为“已终止”', en: 'Agreements cannot be deleted; end them instead' },
}

export const COMPLIANCE_MESSAGES: MessageDict = {
  compliance_outcome: { 'zh-CN': '请为该方选择：遵守、部分遵守或违反', en: 'Choose complied, partly or breached for this party' },
  compliance_results_min: { 'zh-CN': '至少记录一个参与方的情况', en: 'Record at least one party' },
  compliance_party_duplicate: { 'zh-CN': '同一参与方重复记录', en: 'The same party was recorded twice' },
  compliance_party_not_in_agreement: { 'zh-CN': '该单位不是本协议的参与方', en: 'This organisation is not a party to the agreement' },
  compliance_note: { 'zh-CN': '说明最多 300 个字', en: 'Note: at most 300 characters' },
  compliance_photos_max: { 'zh-CN': '每方最多 6 张照片', en: 'At most 6 photos per party' },
  compliance_time: { 'zh-CN': '检查时间格式不正确', en: 'Invalid check time' },
  compliance_agreement_inactive: { 'zh-CN': '只能检查已生效或已违约的协议', en: 'Only agreements in effect (or breached) can be checked' },
  compliance_follow_up: {
    'zh-CN': '有参与方违反协议：建议约谈该方并在一周内复查',
    en: 'A party breached the agreement: talk to them and check again within a week',
  },
}

export const PARTY_MESSAGES: MessageDict = {
  party_name_taken: { 'zh-CN': '已有同名单位', en: 'An organisation with this name exists' },
  party_stale: { 'zh-CN': '该单位已被他人修改，请刷新后重试', en: 'Someone else changed this organisation; reload and retry' },
  party_name: { 'zh-CN': '请填写单位名称（最多 60 个字）', en: 'Enter the organisation name (at most 60 characters)' },
  party_kind: { 'zh-CN': '请选择单位类型', en: 'Choose the kind of organisation' },
  party_contacts_max: { 'zh-CN': '最多 5 位联系人', en: 'At most 5 contacts' },
  party_contact_name: { 'zh-CN': '请填写联系人姓名（最多 30 个字）', en: 'Enter the contact name (at most 30 characters)' },
  party_contact_title: { 'zh-CN': '职务最多 30 个字', en: 'Title: at most 30 characters' },
  party_phone: {
    'zh-CN': '请填写有效的电话：大陆手机号（11 位）或北京座机（010 + 8 位）',
    en: 'Enter a valid phone: a mainland mobile (11 digits) or a Beijing landline (010 + 8 digits)',
  },
  party_note: { 'zh-CN': '备注最多 500 个字', en: 'Note: at most 500 characters' },
  party_operator: { 'zh-CN': '运营方编号不正确', en: 'Invalid operator id' },
  party_unknown: { 'zh-CN': '单位不存在', en: 'Unknown organisation' },
}

export const WORKFLOW_MESSAGES: MessageDict = {
  workflow_note_required: { 'zh-CN': '标记为“重复”或“不属于本街道”时须填写说明', en: 'A note is required for duplicate or not ours' },
  workflow_note_length: { 'zh-CN': '说明最多 1000 个字', en: 'Note: at most 1000 characters' },
  workflow_status_invalid: { 'zh-CN': '状态不正确', en: 'Invalid status' },
  patrol_report_placed: { 'zh-CN': '该上报已有位置', en: 'This report already has a position' },
  patrol_position_far: { 'zh-CN': '该位置不在本街道的任何社区附近', en: 'That position is not near any community of this subdistrict' },
  workflow_merge_self: { 'zh-CN': '不能与自身合并', en: 'A report cannot be merged into itself' },
  workflow_due_at: { 'zh-CN': '复查时间格式不正确', en: 'Invalid re-check time' },
  workflow_date: { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'Dates are YYYY-MM-DD' },
  workflow_range: { 'zh-CN': '开始日期不能晚于结束日期', en: 'The start date is after the end date' },
  workflow_map_preparing: {
    'zh-CN': '地图数据准备中（已完成 {percent}%），请稍后再试',
    en: 'The map data is being prepared ({percent}% done); try again shortly',
  },
  workflow_tile_zoom: { 'zh-CN': '地图层级须为 0–18 的整数', en: 'Zoom must be a whole number from 0 to 18' },
  workflow_tile_xy: { 'zh-CN': '瓦片编号超出该层级的范围', en: 'Tile x or y is outside this zoom level' },
  workflow_cell_zoom: { 'zh-CN': '只有最近一级（18）的聚合点可列出其上报', en: 'Only clusters of the closest zoom (18) list their reports' },
  workflow_cell_number: { 'zh-CN': '格子编号须为 0–63 的整数', en: 'The cell must be a whole number from 0 to 63' },
  workflow_agreement_filter: { 'zh-CN': '协议筛选只能是 none（无协议）', en: 'The agreement filter can only be none' },
}

export const ZONE_MESSAGES: MessageDict = {
  zone_name: { 'zh-CN': '请填写停放区名称（最多 60 个字）', en: 'Enter the zone name (at most 60 characters)' },
  zone_capacity: { 'zh-CN': '容量须为 1–500 的整数', en: 'Capacity must be a whole number from 1 to 500' },
  zone_vehicle_kinds: { 'zh-CN': '至少选择一种可停放的车辆', en: 'Choose at least one kind of vehicle' },
  zone_operator: { 'zh-CN': '运营方编号不正确', en: 'Invalid operator id' },
  zone_opening_hours: {
    'zh-CN': '开放时间格式如 07:00-22:00（可用逗号分隔多段），留空表示全天',
    en: 'Hours like 07:00-22:00 (comma-separate several); leave empty for all day',
  },
  zone_rules: { 'zh-CN': '停放规则最多 300 个字', en: 'Rules: at most 300 characters' },
  zone_status: { 'zh-CN': '停放区状态不正确', en: 'Invalid zone status' },
  zone_status_change: { 'zh-CN': '不允许这样变更停放区状态', en: 'This status change is not allowed' },
  zone_retired: { 'zh-CN': '已撤销的停放区不能再修改', en: 'A retired zone cannot be changed' },
  zone_superseded: { 'zh-CN': '该版本已被新版本取代，请在最新版本上修改', en: 'This version was replaced; edit the latest version' },
  zone_unknown: { 'zh-CN': '停放区不存在', en: 'Unknown zone' },
  zone_parking_type: { 'zh-CN': '停放类型不正确', en: 'Invalid parking type' },
}
