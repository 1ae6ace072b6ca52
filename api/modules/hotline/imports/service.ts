// The import of a 12345 export: read the file, match its columns, read every row, and tell apart the
// orders it adds from those already stored (order number unique per subdistrict) — then, only if no
// cell failed, write all new orders in one transaction. A preview runs the same reading and writes
// nothing; a file imported again adds nothing and says which rows were already there.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { audit } from '../../../audit/audit.ts'
import { fieldsProblem } from '../../../http/problem.ts'
import { translate, type Lang, type MessageCatalogue, type MessageParams } from '#domain/messages.ts'
import { uuidv7 } from '#domain/ids.ts'
import { FIELD_HEADER, IMPORT_FIELDS, mapHeaders, readRow, type ImportFile, type ImportReport, type ParsedOrder } from '#domain/hotline/import.ts'
import { readImportFile } from './read-file.ts'

interface Problem {
  row: number
  column: string
  key: string
  params?: MessageParams
}

export interface Analysis {
  report: ImportReport
  problems: Problem[]
  orders: ParsedOrder[]
}

const CHUNK = 200

async function storedOrderNos(db: Kysely<DB>, sd: string, orderNos: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < orderNos.length; i += CHUNK) {
    const part = orderNos.slice(i, i + CHUNK)
    const rows = await db.selectFrom('hotline_work_orders').select('order_no').where('subdistrict_id', '=', sd).where('order_no', 'in', part).execute()
    for (const r of rows) found.add(r.order_no)
  }
  return found
}

/** Reads the whole file and sorts every row into new, already imported or not readable (with why). */
export async function analyse(db: Kysely<DB>, sd: string, file: ImportFile, now: Date, lang: Lang, catalogue?: MessageCatalogue): Promise<Analysis> {
  const read = await readImportFile(file.content_base64)
  const map = mapHeaders(read.headers)
  const problems: Problem[] = map.missing.map((f) => ({
    row: read.headerRow,
    column: FIELD_HEADER[f],
    key: 'hotline_column_missing',
    params: { column: FIELD_HEADER[f] },
  }))
  const parsed: ParsedOrder[] = []
  if (!map.missing.length) {
    const firstRow = new Map<string, number>()
    for (const { row, cells } of read.rows) {
      const r = readRow(cells, row, map, read.headers, now)
      if (Array.isArray(r)) {
        problems.push(...r)
        continue
      }
      const first = firstRow.get(r.order_no)
      if (first !== undefined) {
        const column = read.headers[map.columns.order_no!]!.trim()
        problems.push({ row, column, key: 'hotline_order_no_duplicate', params: { first } })
        continue
      }
      firstRow.set(r.order_no, row)
      parsed.push(r)
    }
  }
  const stored = await storedOrderNos(
    db,
    sd,
    parsed.map((p) => p.order_no),
  )
  const orders = parsed.filter((p) => !stored.has(p.order_no))
  const fieldOf = new Map(IMPORT_FIELDS.map((f) => [map.columns[f], f]))
  const report: ImportReport = {
    filename: file.filename,
    format: read.format,
    encoding: read.encoding,
    rows: read.rows.length,
    columns: read.headers.map((header, i) => ({ header, field: fieldOf.get(i) ?? null })),
    missing_columns: map.missing.map((f) => FIELD_HEADER[f]),
    errors: problems.map((p) => ({ row: p.row, column: p.column, code: p.key, message: translate(p.key, lang, p.params, catalogue) })),
    new_orders: orders.map(({ row, order_no, received_at, category, address, content, deadline_at, caller_masked }) => ({
      row,
      order_no,
      received_at,
      category,
      address,
      content,
      deadline_at,
      caller_masked,
    })),
    already_imported: parsed.filter((p) => stored.has(p.order_no)).map((p) => ({ row: p.row, order_no: p.order_no })),
    committed: false,
    imported: 0,
  }
  return { report, problems, orders }
}

/**
 * Imports the file in the transaction given (which holds the counter lock): all new orders, or — when
 * any cell could not be read — nothing, answering 422 with every problem by row and column.
 */
export async function commitImport(
  tx: Transaction<DB>,
  user: SessionUser,
  file: ImportFile,
  now: Date,
  lang: Lang,
  catalogue?: MessageCatalogue,
): Promise<ImportReport> {
  const sd = user.subdistrict_id
  const { report, problems, orders } = await analyse(tx, sd, file, now, lang, catalogue)
  if (problems.length)
    throw fieldsProblem(
      problems.map((p) => ({ path: `rows.${p.row}.${p.column}`, key: p.key, params: p.params })),
      { status: 422, detail: 'hotline_import_has_errors', params: { count: problems.length } },
    )
  const at = now.toISOString()
  const rows = orders.map((o) => ({
    subdistrict_id: sd,
    id: uuidv7(now.getTime()),
    order_no: o.order_no,
    source: 'import',
    received_at: o.received_at,
    category: o.category,
    address: o.address,
    content: o.content,
    deadline_at: o.deadline_at,
    caller_masked: o.caller_masked,
    link_kind: null,
    link_id: null,
    reply: '',
    replied_at: null,
    replied_by: null,
    satisfaction: null,
    satisfaction_at: null,
    import_file: file.filename,
    created_at: at,
    created_by: user.id,
    updated_at: at,
  }))
  for (let i = 0; i < rows.length; i += 100)
    await tx
      .insertInto('hotline_work_orders')
      .values(rows.slice(i, i + 100))
      .execute()
  await audit(tx, {
    actor: user,
    action: 'hotline.import',
    entity: 'hotline_import',
    entity_id: file.id ?? uuidv7(now.getTime()),
    after: { filename: file.filename, rows: report.rows, imported: rows.length, already_imported: report.already_imported.length },
    at: now,
  })
  return { ...report, committed: true, imported: rows.length }
}
