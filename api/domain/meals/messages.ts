// Validation messages of the lunch program, in both languages, one dictionary, so the API's
// problem+json and the phone's field errors say the same thing.
import type { MessageDict } from '../messages.ts'

export const MEALS_MESSAGES: MessageDict = {
  meals_week_invalid: { 'zh-CN': '周次格式应为 2026-W49 这样的 ISO 周', en: 'Week must be an ISO week such as 2026-W49' },
  meals_date_invalid: { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'Date must be YYYY-MM-DD' },
  meals_time_invalid: { 'zh-CN': '时间格式应为 HH:MM', en: 'Time must be HH:MM' },
  meals_fen_int: { 'zh-CN': '金额须为整数分（不能有小数）', en: 'Amounts are whole fen (no fractions)' },
  meals_fen_range: { 'zh-CN': '金额须在 0 到 100000 分之间', en: 'Amount must be 0–100000 fen' },
  meals_qty_int: { 'zh-CN': '数量须为 0–50 的整数', en: 'Quantity must be a whole number 0–50' },
  meals_buns_pair: { 'zh-CN': '馒头按 2 个一份出售，数量须为双数', en: 'Buns are sold in pairs: the count must be even' },
  meals_bundle_only: {
    'zh-CN': '荤菜、素菜、小菜须合并点选为一盒（不能单点），三者数量须相同',
    en: 'Meat, vegetable and side are sold only together as one box: their counts must match',
  },
  meals_line_empty: { 'zh-CN': '这一天没有选任何餐品', en: 'Nothing chosen for this day' },
  meals_lines_empty: { 'zh-CN': '请至少选择一天的餐品', en: 'Choose meals for at least one day' },
  meals_lines_dup: { 'zh-CN': '同一天只能有一行', en: 'One line per day' },
  meals_name_required: { 'zh-CN': '请填写名称', en: 'Name is required' },
  meals_phone_invalid: { 'zh-CN': '请填写有效的大陆手机号（11 位，以 1 开头）', en: 'Enter a valid mainland mobile number (11 digits starting with 1)' },
  meals_id_invalid: { 'zh-CN': '身份证号码格式或校验位不正确', en: 'ID number format or check digit is wrong' },
  meals_birth_invalid: { 'zh-CN': '出生日期不正确', en: 'Invalid birth date' },
  meals_category_invalid: { 'zh-CN': '菜品类别不正确', en: 'Unknown dish category' },
  meals_tag_invalid: { 'zh-CN': '饮食标签不正确', en: 'Unknown dietary tag' },
  meals_reason_required: { 'zh-CN': '请填写原因', en: 'A reason is required' },
  meals_note_required: { 'zh-CN': '菜单已发布，修改须填写说明', en: 'The menu is published: a change needs a note' },
  meals_window_order: { 'zh-CN': '截止时间须晚于开始时间', en: 'Closing must be after opening' },
  meals_pickup_window: { 'zh-CN': '取餐结束时间须晚于开始时间', en: 'Pickup window must end after it starts' },
  meals_days_seven: { 'zh-CN': '每周须有 7 天（周一至周日）', en: 'A week has seven days, Monday to Sunday' },
  meals_paid_over_total: { 'zh-CN': '实收金额不能超过应收总额', en: 'The amount paid cannot exceed the total' },
  meals_paid_short_reason: {
    'zh-CN': '实收少于应收总额时，请在备注中写明原因',
    en: 'When less than the total is paid, give the reason in the note',
  },
  meals_pickup_future: { 'zh-CN': '只能登记今天及以前的取餐', en: 'Pickups can be checked off only for today or earlier days' },
}
