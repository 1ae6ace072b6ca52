// The lunch program's catalogue side on the device: the sales window, weekly menus, prices and dishes,
// and the residents' public view. Components read it; only this store talks to the API for them.
import { defineStore } from 'pinia'
import { z } from 'zod'
import { ref } from 'vue'
import { Dish, type DishInput, type MenuPut, MenuWeek, PickupPoint, type PickupPointInput, PriceListOut } from '#domain/meals/catalog.ts'
import type { PriceList } from '#domain/meals/pricing.ts'
import { PublicMeals, WindowSettings } from '#domain/meals/views.ts'
import { SalesWindowView } from '#domain/meals/window.ts'
import { apiFetch } from '../api/http.ts'
import { cachedGet } from '../db/meals-cache.ts'

export const useMealsStore = defineStore('meals', () => {
  const window = ref<SalesWindowView | null>(null)
  const menus = ref<Record<string, MenuWeek>>({})
  const prices = ref<Record<string, PriceListOut>>({})
  const dishes = ref<Dish[]>([])
  const points = ref<PickupPoint[]>([])
  const publicView = ref<PublicMeals | null>(null)
  /** When the public menu on show was saved on this device, if it came from there because the network was gone. */
  const publicSavedAt = ref<string | null>(null)
  const publicOffline = ref(false)
  const settings = ref<WindowSettings | null>(null)
  /** True when something shown came from the device's cache because the network was gone. */
  const stale = ref(false)
  const read = async <S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> => {
    const r = await cachedGet(path, schema)
    if (r.stale) stale.value = true
    return r.value
  }

  async function loadWindow() {
    stale.value = false
    window.value = await read('/api/meals/window', SalesWindowView)
    return window.value
  }

  async function loadSettings() {
    settings.value = await apiFetch('/api/meals/settings', { schema: WindowSettings })
    return settings.value
  }

  async function loadWeek(week: string) {
    const [m, p] = await Promise.all([read(`/api/meals/menus/${week}`, MenuWeek), read(`/api/meals/prices/${week}`, PriceListOut)])
    menus.value = { ...menus.value, [week]: m }
    prices.value = { ...prices.value, [week]: p }
    return m
  }

  async function loadDishes() {
    dishes.value = await read('/api/meals/dishes', z.array(Dish))
  }

  async function loadPoints() {
    points.value = await apiFetch('/api/meals/pickup-points', { schema: z.array(PickupPoint) })
  }

  async function saveSettings(body: WindowSettings) {
    settings.value = await apiFetch('/api/meals/settings', { schema: WindowSettings, method: 'PUT', json: body })
    return settings.value
  }

  /** A new point (`id` null) goes under `newId`, made once per fill of the form. */
  async function savePoint(id: string | null, body: PickupPointInput, newId?: string) {
    const p = await apiFetch(id ? `/api/meals/pickup-points/${id}` : '/api/meals/pickup-points', {
      schema: PickupPoint,
      method: id ? 'PUT' : 'POST',
      json: id ? body : { id: newId, ...body },
    })
    points.value = [...points.value.filter((x) => x.id !== p.id), p].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    return p
  }

  /** `input.id` is made once per fill of the form: a resend answers with the same dish. */
  async function addDish(input: DishInput & { id: string }) {
    const d = await apiFetch('/api/meals/dishes', { schema: Dish, json: input })
    dishes.value = [...dishes.value, d]
    return d
  }

  async function saveMenu(week: string, body: MenuPut) {
    const m = await apiFetch(`/api/meals/menus/${week}`, { schema: MenuWeek, method: 'PUT', json: body })
    menus.value = { ...menus.value, [week]: m }
    return m
  }

  async function publish(week: string) {
    const m = await apiFetch(`/api/meals/menus/${week}/publish`, { schema: MenuWeek, method: 'POST' })
    menus.value = { ...menus.value, [week]: m }
    return m
  }

  async function savePrices(week: string, body: PriceList) {
    const p = await apiFetch(`/api/meals/prices/${week}`, { schema: PriceListOut, method: 'PUT', json: body })
    prices.value = { ...prices.value, [week]: p }
    return p
  }

  /** The residents' page: from the network, or the copy this device saved on its last visit online. */
  async function loadPublic() {
    const r = await cachedGet('/api/meals/public', PublicMeals)
    publicView.value = r.value
    publicOffline.value = r.stale
    publicSavedAt.value = r.stale ? r.saved_at : null
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
    publicOffline,
    publicSavedAt,
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
