// The words of a resident's own-data export: section titles, field and column labels and the names of
// coded values, in both languages, so the printout reads "过敏与饮食禁忌：花生、低盐" instead of column
// names. The device's dictionaries reuse the value names (allergens, diets, outcomes, payment methods).
import type { Lang } from './messages.ts'
import type { Allergen, DietNeed } from './meals/diet.ts'
import type { Outcome } from './counter/visits.ts'

export const ALLERGEN_LABELS: Record<Lang, Record<Allergen, string>> = {
  'zh-CN': { peanut: '花生', tree_nut: '坚果', sesame: '芝麻', seafood: '虾蟹贝类', fish: '鱼', egg: '蛋', milk: '奶', soy: '大豆', wheat: '小麦' },
  en: { peanut: 'Peanuts', tree_nut: 'Tree nuts', sesame: 'Sesame', seafood: 'Shellfish', fish: 'Fish', egg: 'Egg', milk: 'Milk', soy: 'Soy', wheat: 'Wheat' },
}

export const DIET_LABELS: Record<Lang, Record<DietNeed, string>> = {
  'zh-CN': { no_spicy: '不吃辣', soft: '要软烂', low_salt: '低盐', low_sugar: '低糖', low_fat: '低脂', vegetarian: '素食', halal: '清真' },
  en: {
    no_spicy: 'No spicy food',
    soft: 'Soft food',
    low_salt: 'Low salt',
    low_sugar: 'Low sugar',
    low_fat: 'Low fat',
    vegetarian: 'Vegetarian',
    halal: 'Halal',
  },
}

export const OUTCOME_LABELS: Record<Lang, Record<Outcome, string>> = {
  'zh-CN': { resolved: '办结', informed: '一次告知', referred: '转办', return_needed: '需再次来访' },
  en: { resolved: 'Resolved', informed: 'Told everything', referred: 'Referred', return_needed: 'Must come back' },
}

export const PAYMENT_LABELS: Record<Lang, Record<'cash' | 'mobile' | 'card', string>> = {
  'zh-CN': { cash: '现金', mobile: '移动支付', card: '银行卡' },
  en: { cash: 'Cash', mobile: 'Mobile pay', card: 'Card' },
}

const ZH = {
  title: '居民个人信息副本：{name}',
  yes: '是',
  no: '否',
  none: '无',
  sections: {
    person: '基本信息',
    health: '健康信息',
    consents: '同意记录',
    sales: '购票记录',
    days: '餐票与取餐',
    visits: '窗口来访记录',
    log: '对本人信息的操作记录',
  },
  person: {
    name: '姓名',
    phone: '手机号',
    community: '社区',
    building: '楼栋门牌',
    birth_date: '出生日期',
    id_number: '身份证号',
    active: '在册',
    created_at: '登记时间',
    pickup_code: '匿名取餐码',
  },
  health: { restrictions: '过敏与饮食禁忌', notes: '饮食备注' },
  consents: { kind: '同意事项', purposes: '用途', granted_at: '同意时间', explained_by: '说明人', withdrawn_at: '撤回时间' },
  sales: {
    created_at: '售票时间',
    week: '周次',
    total: '应付',
    paid: '实付',
    method: '付款方式',
    status: '状态',
    note: '备注',
    active: '有效',
    void: '已作废',
    refund: '退款',
  },
  days: { date: '日期', items: '份数', picked: '是否已取', picked_at: '取餐时间' },
  items: { sets: '套餐', boxes: '盒饭', rice: '米饭', buns: '馒头', soups: '汤' },
  visits: { at: '来访时间', community: '社区', matters: '办理事项', outcome: '结果', note: '备注', is_return: '再次来访', minutes: '用时（分钟）' },
  log: { at: '时间', action: '操作', actor: '操作人' },
  empty: '没有记录',
}
type Words = typeof ZH

const EN: Words = {
  title: 'Copy of personal data: {name}',
  yes: 'Yes',
  no: 'No',
  none: 'None',
  sections: {
    person: 'Personal details',
    health: 'Health data',
    consents: 'Consents',
    sales: 'Ticket purchases',
    days: 'Meal days and pickups',
    visits: 'Counter visits',
    log: 'Actions on this data',
  },
  person: {
    name: 'Name',
    phone: 'Phone',
    community: 'Community',
    building: 'Building / door',
    birth_date: 'Birth date',
    id_number: 'ID number',
    active: 'Registered',
    created_at: 'Registered on',
    pickup_code: 'Anonymous pickup code',
  },
  health: { restrictions: 'Allergies and diets', notes: 'Dietary notes' },
  consents: { kind: 'Consent', purposes: 'Purposes', granted_at: 'Given', explained_by: 'Explained by', withdrawn_at: 'Withdrawn' },
  sales: {
    created_at: 'Sold at',
    week: 'Week',
    total: 'Total',
    paid: 'Paid',
    method: 'Payment',
    status: 'Status',
    note: 'Note',
    active: 'Valid',
    void: 'Void',
    refund: 'Refund',
  },
  days: { date: 'Date', items: 'Items', picked: 'Collected', picked_at: 'Collected at' },
  items: { sets: 'set', boxes: 'box', rice: 'rice', buns: 'bun', soups: 'soup' },
  visits: { at: 'Visited', community: 'Community', matters: 'Matters', outcome: 'Outcome', note: 'Note', is_return: 'Return visit', minutes: 'Minutes' },
  log: { at: 'When', action: 'Action', actor: 'By' },
  empty: 'Nothing recorded',
}

export const EXPORT_WORDS: Record<Lang, Words> = { 'zh-CN': ZH, en: EN }

/** Names of audit actions in the export's "actions on this data" section. */
export const EXPORT_ACTIONS: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    create: '登记',
    update: '修改',
    reveal: '查看完整信息',
    export: '导出个人信息',
    consent_grant: '记录同意',
    consent_withdraw: '撤回同意',
    withdraw: '撤回同意并处理信息',
    purge: '到期匿名化',
  },
  en: {
    create: 'Registered',
    update: 'Changed',
    reveal: 'Full record opened',
    export: 'Data exported',
    consent_grant: 'Consent recorded',
    consent_withdraw: 'Consent withdrawn',
    withdraw: 'Withdrawal carried out',
    purge: 'Anonymised after retention',
  },
}
