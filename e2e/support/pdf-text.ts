// Text of a PDF as a person reads it. Chromium's CJK fonts map some glyphs to compatibility code points:
// Kangxi radicals (⽉ for 月), which NFKC folds back, and CJK Radicals Supplement (⻔ for 门, ⺠ for 民),
// which have no decomposition and are mapped here to the simplified characters they stand for.
const SUPPLEMENT =
  '⺁厂⺇几⺌小⺍小⺟母⺠民⺡氵⺣灬⺦丬⺧牛⺨犭⺩王⺮竹⺰纟⺶羊⺹耂⺼月⺾艹⻁虎⻂衤⻄西⻅见⻆角⻈讠⻉贝⻊足⻋车⻌辶⻏阝⻓长⻔门⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻠饣⻡首⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟'
const MAP = new Map<string, string>()
for (let i = 0; i < SUPPLEMENT.length; i += 2) MAP.set(SUPPLEMENT[i]!, SUPPLEMENT[i + 1]!)

/** NFKC, the radicals mapped, whitespace removed: for comparing PDF text with the page's. */
export function readableText(s: string): string {
  return [...s.normalize('NFKC')]
    .map((c) => MAP.get(c) ?? c)
    .join('')
    .replace(/\s+/g, '')
}
