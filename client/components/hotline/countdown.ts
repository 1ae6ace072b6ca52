// The time left until a work order's deadline (or past it), in whole minutes, split the way the
// countdown reads: days and hours while a day or more remains, hours and minutes below that.

export interface Countdown {
  overdue: boolean
  days: number
  hours: number
  minutes: number
  /** Under a day (left or over): shown as hours and minutes. */
  short: boolean
}

export function countdown(deadlineIso: string, now: Date): Countdown {
  const diff = Date.parse(deadlineIso) - now.getTime()
  const total = Math.floor(Math.abs(diff) / 60_000)
  const days = Math.floor(total / 1440)
  return { overdue: diff < 0, days, hours: Math.floor((total % 1440) / 60), minutes: total % 60, short: days === 0 }
}
