// zh-CN: the audit log page (issue 8).
export default {
  privacy: {
    logoutClears: '退出登录会清除本机缓存的数据；未上传的内容仍保留在本机。',
  },
  audit: {
    title: '操作审计',
    nav: '审计日志',
    entity: '对象',
    all: '全部',
    at: '时间',
    actor: '操作人',
    action: '操作',
    before: '修改前',
    after: '修改后',
    system: '系统',
    empty: '暂无记录',
    more: '加载更多',
    entities: {
      user: '用户',
      report: '巡查记录',
      hotspot: '热点',
      agreement: '协议',
      zone: '停放区',
      meal_menu: '菜单',
      meal_prices: '价格',
      meal_subscriber: '助餐老人',
      counter_assignment: '排班',
    },
  },
}
