// Money is integer fen everywhere; it meets yuan only at the edge. `formatMoney` is how an amount is
// shown to a person (Intl.NumberFormat, currency CNY: '¥38.00'); `formatYuan` is the bare number for a
// form field's value, and `parseYuan` reads one back. Parsing works on the text, never through a float,
// so '0.29' is 29 fen and not 28.999….

export type MoneyLocale = 'zh-CN' | 'en'

const MONEY = new Map<string, Intl.NumberFormat>()

/** 3800 → '¥38.00' (zh-CN) or 'CN¥38.00' (en). A whole fen divided by 100 rounds back exactly at two decimals. */
export function formatMoney(fen: number, locale: MoneyLocale = 'zh-CN'): string {
  let f = MONEY.get(locale)
  if (!f) MONEY.set(locale, (f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' })))
  return f.format(fen / 100)
}

/** 3800 → '38.00': the value of a yuan input field. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * '12.5', '12.50', '12.5元', '¥12.5' → 1250; undefined when the text is not a non-negative yuan amount
 * with at most two decimals. A yuan sign in front (¥ or ￥) or 元 after is allowed, as people write prices.
 */
export function parseYuan(text: string, maxIntegerDigits = 6): number | undefined {
  const bare = text
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*元$/, '')
  const m = new RegExp(`^(\\d{1,${maxIntegerDigits}})(?:\\.(\\d{1,2}))?$`).exec(bare)
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined
}
