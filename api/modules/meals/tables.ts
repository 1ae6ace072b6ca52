// Tables of the lunch program. subdistrict_id leads every key; money is integer fen, booleans 0/1,
// instants ISO UTC text, dish tags, allergens and
// residents' restrictions JSON text (columns added later default to an empty list or text).
import type { Generated } from 'kysely'

export interface MealDishesTable {
  subdistrict_id: string
  id: string
  name: string
  category: string
  tags: string
  /** JSON list of allergens (ALLERGENS in the shared domain). */
  allergens: Generated<string>
  active: number
  created_at: string
}

export interface MealMenusTable {
  subdistrict_id: string
  week: string
  status: string
  published_at: string | null
  version: number
  updated_at: string
}

export interface MealMenuDaysTable {
  subdistrict_id: string
  date: string
  week: string
  closed: number
  closed_reason: string | null
  meat_id: string | null
  vegetable_id: string | null
  side_id: string | null
  staple_id: string | null
  soup_id: string | null
}

export interface MealMenuChangesTable {
  subdistrict_id: string
  id: string
  week: string
  at: string
  note: string
  by_user_id: string
  by_name: string
  before: string
}

export interface MealPricesTable {
  subdistrict_id: string
  week: string
  set_fen: number
  box_fen: number
  rice_fen: number
  bun_pair_fen: number
  soup_fen: number
  updated_at: string
}

export interface MealSettingsTable {
  subdistrict_id: string
  opens_weekday: number
  opens_time: string
  closes_weekday: number
  closes_time: string
}

export interface MealPickupPointsTable {
  subdistrict_id: string
  id: string
  name: string
  community_id: string
  address: string
  opens_time: string
  closes_time: string
  active: number
}

export interface MealSubscribersTable {
  subdistrict_id: string
  id: string
  name: string
  phone: string
  community_id: string
  building: string
  dietary_notes: string
  /** JSON list of restrictions (RESTRICTIONS in the shared domain): health data, cleared with the notes. */
  dietary_restrictions: Generated<string>
  birth_date: string | null
  id_number: string | null
  active: number
  created_at: string
  updated_at: string
  /** Six digits for the tickets left after a full withdrawal of consent (the record is anonymised). */
  pickup_code: Generated<string | null>
}

export interface MealSalesTable {
  subdistrict_id: string
  id: string
  subscriber_id: string
  week: string
  total_fen: number
  paid_fen: number
  payment_method: string
  note: string
  /** Why the sale was made although the resident already held tickets for some of its days. */
  overlap_reason: Generated<string>
  status: string
  void_reason: string | null
  voided_at: string | null
  voided_by: string | null
  refund_fen: number
  sold_by: string
  created_at: string
  client_time: string | null
  version: number
}

export interface MealSaleLinesTable {
  subdistrict_id: string
  sale_id: string
  date: string
  sets: number
  boxes: number
  rice: number
  buns: number
  soups: number
  fen: number
}

export interface MealPickupsTable {
  subdistrict_id: string
  date: string
  subscriber_id: string
  id: string
  picked: number
  picked_at: string | null
  pickup_point_id: string | null
  by_user_id: string
  client_time: string | null
  updated_at: string
  version: number
}

/** Renewed by a trigger on every write to the tables the residents' menu reads (migration 0032). */
export interface MealPublicStampsTable {
  subdistrict_id: string
  stamp: string
}

export interface MealsTables {
  meal_dishes: MealDishesTable
  meal_menus: MealMenusTable
  meal_menu_days: MealMenuDaysTable
  meal_menu_changes: MealMenuChangesTable
  meal_prices: MealPricesTable
  meal_settings: MealSettingsTable
  meal_pickup_points: MealPickupPointsTable
  meal_subscribers: MealSubscribersTable
  meal_sales: MealSalesTable
  meal_sale_lines: MealSaleLinesTable
  meal_pickups: MealPickupsTable
  meal_public_stamps: MealPublicStampsTable
}
