// Turns an uploaded 12345 export into rows of cells: a CSV (UTF-8 with or without BOM, UTF-16 with
// BOM, or GB18030 as Chinese Excel saves it; comma- or tab-separated) or an .xlsx workbook (its first
// sheet, read with exceljs). The header row is found among the first rows (an export may open with
// a title line); what the cells mean is decided by the shared domain (#domain/hotline/import.ts).
import ExcelJS from 'exceljs'
import { isHeaderRow, MAX_IMPORT_ROWS, type Cell } from '#domain/hotline/import.ts'
import { fieldProblem } from '../../../http/problem.ts'

export interface ReadFile {
  format: 'csv' | 'xlsx'
  encoding: 'utf-8' | 'gb18030' | 'utf-16le' | null
  headers: string[]
  /** Row number (as a spreadsheet counts, from 1) of the header row. */
  headerRow: number
  /** Data rows after the header with their row numbers; blank rows are left out. */
  rows: { row: number; cells: Cell[] }[]
}

const HEADER_SEARCH_ROWS = 10

/** Text of a file whose encoding is not declared: a BOM decides, else valid UTF-8, else GB18030. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' | 'utf-16le' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
  }
}

/** RFC 4180 records: quoted fields may hold the separator, quotes ("") and line breaks. */
export function parseDelimited(text: string, sep: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') quoted = true
    else if (ch === sep) {
      record.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      if (ch === '\r' && text[i + 1] === '\n') i++
    } else field += ch
    i++
  }
  if (field !== '' || record.length) {
    record.push(field)
    records.push(record)
  }
  return records
}

const blank = (cells: readonly Cell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))

function withHeader(format: ReadFile['format'], encoding: ReadFile['encoding'], table: { row: number; cells: Cell[] }[]): ReadFile {
  const at = table.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => isHeaderRow(r.cells.map((c) => (typeof c === 'string' ? c : ''))))
  if (at < 0) throw fieldProblem('hotline_file_empty', 'content_base64', { status: 422 })
  const header = table[at]!
  const rows = table.slice(at + 1).filter((r) => !blank(r.cells))
  if (rows.length > MAX_IMPORT_ROWS) throw fieldProblem('hotline_file_too_many_rows', 'content_base64', { status: 422 })
  return { format, encoding, headers: header.cells.map((c) => (typeof c === 'string' ? c : String(c ?? ''))), headerRow: header.row, rows }
}

function readCsv(bytes: Uint8Array): ReadFile {
  const { text, encoding } = decodeText(bytes)
  if (text.includes('\u0000')) throw fieldProblem('hotline_file_unreadable', 'content_base64', { status: 422 })
  const firstLine = text.slice(0, text.search(/\r|\n|$/))
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  const records = parseDelimited(text, sep)
  if (records.length > MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS + 1000) throw fieldProblem('hotline_file_too_many_rows', 'content_base64', { status: 422 })
  return withHeader(
    'csv',
    encoding,
    records.map((cells, i) => ({ row: i + 1, cells })),
  )
}

/** A cell of exceljs as text, number or date: rich text joined, a formula's result, a hyperlink's text. */
function xlsxCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return v
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('')
    if ('result' in v) return xlsxCell((v.result ?? null) as ExcelJS.CellValue)
    if ('text' in v) return typeof v.text === 'string' ? v.text : xlsxCell(v.text as ExcelJS.CellValue)
    if ('error' in v) return null
  }
  return null
}

async function readXlsx(bytes: Uint8Array): Promise<ReadFile> {
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  } catch {
    throw fieldProblem('hotline_file_unreadable', 'content_base64', { status: 422 })
  }
  const sheet = book.worksheets[0]
  if (!sheet) throw fieldProblem('hotline_file_empty', 'content_base64', { status: 422 })
  if (sheet.rowCount > MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS + 1000) throw fieldProblem('hotline_file_too_many_rows', 'content_base64', { status: 422 })
  const table: { row: number; cells: Cell[] }[] = []
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: Cell[] = []
    for (let c = 1; c <= Math.min(row.cellCount, 200); c++) cells.push(xlsxCell(row.getCell(c).value))
    table.push({ row: n, cells })
  })
  return withHeader('xlsx', null, table)
}

/** The file's rows, or a 422 naming why it cannot be read (an old .xls, a damaged workbook, no header row). */
export async function readImportFile(base64: string): Promise<ReadFile> {
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'))
  if (!bytes.length) throw fieldProblem('hotline_file_empty', 'content_base64', { status: 422 })
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return readXlsx(bytes)
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    throw fieldProblem('hotline_file_xls', 'content_base64', { status: 422 })
  return readCsv(bytes)
}
