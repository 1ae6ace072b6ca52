// Formatting for the coordinator's pages: instants shown in Beijing time whatever the desk's clock says.
export function fmtTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

export function fmtDate(iso: string, locale: string): string {
  return new Date(iso).toLocaleDateString(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' })
}

/** "Tomorrow 08:00" in Beijing, as a UTC instant. */
export function tomorrowAtEight(now = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3_600_000)
  const day = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate() + 1)
  return new Date(day + 8 * 3_600_000 - 8 * 3_600_000).toISOString()
}

/** A datetime-local input value (Beijing wall time) ↔ UTC instant. */
export const toLocalInput = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16)
export const fromLocalInput = (v: string) => new Date(`${v}:00+08:00`).toISOString()
