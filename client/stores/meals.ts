// The lunch program's catalogue side on the device: the sales window, weekly menus, prices and dishes,
// and the residents' public view. Components read it; only this store talks to the API for them.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Dish, DishInput, MenuPut, MenuWeek, PickupPoint, PickupPointInput, PriceListOut } from '#domain/meals/catalog.ts'
import type { PriceList } from '#domain/meals/pricing.ts'
import type { SalesWindow, WindowSettings } from '#domain/meals/window.ts'
import { apiFetch } from '../api/http.ts'
import { cachedGet } from '../db/meals-cache.ts'

export type WindowView = SalesWindow & { rule: { 'zh-CN': string; en: string } }

export interface PublicWeek {
  week: string
  published: boolean
  days: { date: string; weekday: number; closed: boolean; closed_reason: string | null; dishes: Record<string, { name: string; tags: string[] } | null> }[]
  changes: { at: string; note: string }[]
  prices: PriceList
}

export interface PublicMeals {
  today: string
  weeks: PublicWeek[]
  window: WindowView
  pickup_points: Omit<PickupPoint, 'id' | 'active'>[]
}

export const useMealsStore = defineStore('meals', () => {
  const window = ref<WindowView | null>(null)
  const menus = ref<Record<string, MenuWeek>>({})
  const prices = ref<Record<string, PriceListOut>>({})
  const dishes = ref<Dish[]>([])
  const points = ref<PickupPoint[]>([])
  const publicView = ref<PublicMeals | null>(null)
  const settings = ref<WindowSettings | null>(null)
  /** True when something shown came from the device's cache because the network was gone. */
  const stale = ref(false)
  const read = async <T>(path: string): Promise<T> => {
    const r = await cachedGet<T>(path)
    if (r.stale) stale.value = true
    return r.value
  }

  async function loadWindow() {
    stale.value = false
    window.value = await read<WindowView>('/api/meals/window')
    return window.value
  }

  async function loadSettings() {
    settings.value = await apiFetch<WindowSettings>('/api/meals/settings')
    return settings.value
  }

  async function loadWeek(week: string) {
    const [m, p] = await Promise.all([read<MenuWeek>(`/api/meals/menus/${week}`), read<PriceListOut>(`/api/meals/prices/${week}`)])
    menus.value = { ...menus.value, [week]: m }
    prices.value = { ...prices.value, [week]: p }
    return m
  }

  async function loadDishes() {
    dishes.value = await read<Dish[]>('/api/meals/dishes')
  }

  async function loadPoints() {
    points.value = await apiFetch<PickupPoint[]>('/api/meals/pickup-points')
  }

  async function saveSettings(body: WindowSettings) {
    settings.value = await apiFetch<WindowSettings>('/api/meals/settings', { method: 'PUT', json: body })
    return settings.value
  }

  async function savePoint(id: string | null, body: PickupPointInput) {
    const p = await apiFetch<PickupPoint>(id ? `/api/meals/pickup-points/${id}` : '/api/meals/pickup-points', { method: id ? 'PUT' : 'POST', json: body })
    points.value = [...points.value.filter((x) => x.id !== p.id), p].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    return p
  }

  async function addDish(input: DishInput) {
    const d = await apiFetch<Dish>('/api/meals/dishes', { json: input })
    dishes.value = [...dishes.value, d]
    return d
  }

  async function saveMenu(week: string, body: MenuPut) {
    const m = await apiFetch<MenuWeek>(`/api/meals/menus/${week}`, { method: 'PUT', json: body })
    menus.value = { ...menus.value, [week]: m }
    return m
  }

  async function publish(week: string) {
    const m = await apiFetch<MenuWeek>(`/api/meals/menus/${week}/publish`, { method: 'POST' })
    menus.value = { ...menus.value, [week]: m }
    return m
  }

  async function savePrices(week: string, body: PriceList) {
    const p = await apiFetch<PriceListOut>(`/api/meals/prices/${week}`, { method: 'PUT', json: body })
    prices.value = { ...prices.value, [week]: p }
    return p
  }

  async function loadPublic() {
    publicView.value = await apiFetch<PublicMeals>('/api/meals/public')
    return publicView.value
  }

  return {
    window,
    stale,
    settings,
    loadSettings,
    saveSettings,
    savePoint,
    menus,
    prices,
    dishes,
    points,
    publicView,
    loadWindow,
    loadWeek,
    loadDishes,
    loadPoints,
    addDish,
    saveMenu,
    publish,
    savePrices,
    loadPublic,
  }
})
