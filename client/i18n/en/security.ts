// English: the audit log page (issue 8).
export default {
  privacy: {
    logoutClears: 'Signing out clears the data cached on this device; work not yet uploaded stays on it.',
  },
  audit: {
    title: 'Audit log',
    nav: 'Audit log',
    entity: 'Record',
    all: 'All',
    at: 'When',
    actor: 'Who',
    action: 'Action',
    before: 'Before',
    after: 'After',
    system: 'System',
    empty: 'Nothing recorded yet',
    more: 'Load more',
    entities: {
      user: 'Users',
      report: 'Reports',
      hotspot: 'Hotspots',
      agreement: 'Agreements',
      zone: 'Parking zones',
      meal_menu: 'Menus',
      meal_prices: 'Prices',
      meal_subscriber: 'Meal residents',
      counter_assignment: 'Roster',
    },
  },
}
