// The monthly brief as a Word document, made on the server from the same MonthlyBrief object the page
// renders: the same headings, figures (through formatFigure) and tables. Hotspot photos are embedded
// when the media store holds them (JPEG or PNG); rows never split across pages.
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { beijingIso } from '#domain/time.ts'
import { formatCell, formatChange, formatFigure, monthLabel, type BriefFigure, type BriefTable, type MonthlyBrief } from '#domain/brief/brief.ts'
import { sniffImage } from '../../media/sniff.ts'
import { imageDimensions } from '../../media/dimensions.ts'

const FONT = 'SimSun'
const text = (t: string, bold = false) => new TextRun({ text: t, bold, font: { eastAsia: FONT, ascii: 'Arial' } })
const para = (t: string, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({ children: [text(t, opts.bold)], alignment: opts.align })
const cell = (children: Paragraph[], header = false) => new TableCell({ children, shading: header ? { fill: 'EEEEEE' } : undefined })
const row = (cells: TableCell[], header = false) => new TableRow({ children: cells, cantSplit: true, tableHeader: header })
const full = { size: 100, type: WidthType.PERCENTAGE }

/** "—（上月无记录）" for a missing value, else the value. */
export const figureText = (v: BriefFigure['current'], unit: BriefFigure['unit']) =>
  v.value === null && v.reason ? `—（${v.reason}）` : formatFigure(v.value, unit)

function figuresTable(b: MonthlyBrief, figures: readonly BriefFigure[]): Table {
  const head = ['指标', monthLabel(b.month), `上月（${monthLabel(b.previous_month)}）`, '较上月', `去年同月（${monthLabel(b.last_year_month)}）`]
  return new Table({
    width: full,
    rows: [
      row(
        head.map((h) => cell([para(h, { bold: true })], true)),
        true,
      ),
      ...figures.map((f) =>
        row([
          cell([para(f.label)]),
          cell([para(figureText(f.current, f.unit), { bold: true })]),
          cell([para(figureText(f.previous, f.unit))]),
          cell([para(formatChange(f, f.previous) || '—')]),
          cell([para(figureText(f.last_year, f.unit))]),
        ]),
      ),
    ],
  })
}

/** Reads a photo by the hash records name it by; undefined when it is missing. */
export type PhotoReader = (sha256: string) => Promise<Uint8Array | undefined>

async function photoRun(photo: PhotoReader, sha: string | null): Promise<ImageRun | null> {
  if (!sha) return null
  const bytes = await photo(sha).catch(() => undefined)
  if (!bytes) return null
  const kind = sniffImage(bytes)
  const type = kind === 'image/jpeg' ? 'jpg' : kind === 'image/png' ? 'png' : null
  const dims = imageDimensions(bytes)
  if (!type) return null
  const width = 96
  // A photo whose size cannot be read still shows, in a 4:3 box.
  const height = dims ? Math.round((width * dims.height) / dims.width) : 72
  return new ImageRun({
    type,
    data: bytes,
    transformation: { width, height },
    altText: { name: '热点照片', description: '热点照片', title: '热点照片' },
  })
}

async function detailTable(t: BriefTable, photo: PhotoReader): Promise<(Paragraph | Table)[]> {
  const title = new Paragraph({ heading: HeadingLevel.HEADING_3, children: [text(t.title, true)], keepNext: true })
  if (!t.rows.length) return [title, para(t.empty)]
  const withPhoto = t.rows.some((r) => r.photo)
  const withTrend = t.rows.some((r) => r.trend)
  const head = [...(withPhoto ? ['照片'] : []), ...t.columns.map((c) => c.label), ...(withTrend ? [t.trend_label ?? '趋势'] : [])]
  const rows = [
    row(
      head.map((h) => cell([para(h, { bold: true })], true)),
      true,
    ),
  ]
  for (const r of t.rows) {
    const image = withPhoto ? await photoRun(photo, r.photo) : null
    rows.push(
      row([
        ...(withPhoto ? [cell([image ? new Paragraph({ children: [image] }) : para('（无照片）')])] : []),
        ...r.cells.map((c, i) => cell([para(formatCell(c, t.columns[i]?.unit ?? null))])),
        ...(withTrend ? [cell([para((r.trend ?? []).join(' → '))])] : []),
      ]),
    )
  }
  return [title, new Table({ width: full, rows })]
}

export async function briefDocx(b: MonthlyBrief, photo: PhotoReader): Promise<Uint8Array> {
  const place = b.community ? `${b.subdistrict.name} · ${b.community.name}` : b.subdistrict.name
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [text(`${place} ${monthLabel(b.month)}工作月报`, true)] }),
    para(`数据截至 ${beijingIso(b.cutoff).slice(0, 16).replace('T', ' ')}（北京时间）${b.partial ? '，本月尚未结束，数据为阶段数' : ''}`),
    para(`对比：上月 ${monthLabel(b.previous_month)}，去年同月 ${monthLabel(b.last_year_month)}；“—”表示无法比较，括号内为原因。`),
  ]
  if (!b.sections.length) body.push(para('您的角色没有可查看的月报栏目。'))
  for (const s of b.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [text(s.title, true)], keepNext: true, pageBreakBefore: false }))
    if (s.empty) body.push(para(s.empty))
    body.push(figuresTable(b, s.figures))
    for (const t of s.tables) body.push(...(await detailTable(t, photo)))
    for (const n of s.notes) body.push(new Paragraph({ children: [new TextRun({ text: `注：${n}`, size: 18, font: { eastAsia: FONT, ascii: 'Arial' } })] }))
  }
  const doc = new Document({
    creator: 'Lastmile 最后一公里',
    title: `${place} ${monthLabel(b.month)}工作月报`,
    sections: [
      { properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children: body },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}
