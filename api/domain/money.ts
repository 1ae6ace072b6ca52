// Money is integer fen everywhere; these are the only two places it meets yuan, at the UI edge.
// Parsing works on the text, never through a float, so '0.29' is 29 fen and not 28.999….

/** 3800 → '38.00'. */
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
