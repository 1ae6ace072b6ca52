// A tiny entity used only by the sync tests (API, client and chaos run): a community-scoped note, so the
// engine can be exercised without the patrol module. A test composes testNotesModule into its app.
import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import { Slug } from '#domain/ids.ts'
import { refused } from '../http/problem.ts'
import type { MessageDict } from '#domain/messages.ts'
import type { EntityHandler } from '../sync/registry.ts'
import type { ServerModule } from '../modules/module.ts'
import { assertCommunity, nextVersion } from '../sync/versioning.ts'
import { appendChange } from '../sync/change-log.ts'

export const TEST_ENTITY = 'test_note'
export const TestNote = z.strictObject({ community_id: Slug.nullable(), text: z.string().min(1).max(200) })
export type TestNote = z.infer<typeof TestNote>

/** The notes' refusals, in the test module's dictionary. */
export const TEST_NOTE_MESSAGES: MessageDict = {
  test_note_closed: { 'zh-CN': '已截止', en: 'Window closed' },
  test_note_rejected_after_write: { 'zh-CN': '写入后拒绝', en: 'Rejected after writing' },
}

/** How often each record has hit its `transient-fault:N` so far. */
export const faultsSeen = new Map<string, number>()

/** The notes' table: not a migration, created by the tests that compose testNotesModule. */
export async function createTestNotesTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_test_notes')
    .ifNotExists()
    .addColumn('subdistrict_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_test_notes_pk', ['subdistrict_id', 'id'])
    .execute()
}

export const testNoteEntity: EntityHandler<TestNote> = {
  entity: TEST_ENTITY,
  schema: TestNote,
  roles: ['inspector', 'coordinator'],
  readRoles: ['inspector', 'coordinator'],
  async apply(tx0, { user, now }, m) {
    const tx = tx0 as unknown as Kysely<any>
    const row = await tx
      .selectFrom('sync_test_notes')
      .select(['version', 'record'])
      .where('subdistrict_id', '=', user.subdistrict_id)
      .where('id', '=', m.entity_id)
      .executeTakeFirst()
    const current = row ? { version: Number(row.version), record: JSON.parse(row.record) as Record<string, unknown> } : undefined
    // Permission first: a conflict answers with the stored record.
    if (current) assertCommunity(user, current.record.community_id as string | null)
    const version = nextVersion(current, m.base_version)
    if (m.op === 'delete') {
      await tx.deleteFrom('sync_test_notes').where('subdistrict_id', '=', user.subdistrict_id).where('id', '=', m.entity_id).execute()
      return { record: null, version, community_id: (current?.record.community_id as string | null) ?? null }
    }
    assertCommunity(user, m.data.community_id)
    // A business rule, to show a rejection that only the server can decide.
    if (m.data.text === 'closed') throw refused(422, 'test_note_closed')
    const record = { id: m.entity_id, ...m.data, version, updated_at: now.toISOString() }
    const values = { subdistrict_id: user.subdistrict_id, id: m.entity_id, version, record: JSON.stringify(record) }
    await tx
      .insertInto('sync_test_notes')
      .values(values)
      .onConflict((oc) => oc.columns(['subdistrict_id', 'id']).doUpdateSet({ version, record: values.record }))
      .execute()
    // A deadlock the first N times this record is written (after writing): the push must retry it.
    const fault = /^transient-fault:(\d)$/.exec(m.data.text)
    if (fault && (faultsSeen.get(m.entity_id) ?? 0) < Number(fault[1])) {
      faultsSeen.set(m.entity_id, (faultsSeen.get(m.entity_id) ?? 0) + 1)
      throw Object.assign(new Error('deadlock detected (test)'), { code: '40P01' })
    }
    // A statement the database refuses (no such table): the push must reject this mutation alone.
    if (m.data.text === 'database-error') await sql`select * from sync_test_no_such_table`.execute(tx)
    // A change of another record logged by the handler itself (as a hook does), before the push logs
    // this one; `…-then-rejected`: and then refused, so the push must take that change's seq back too.
    if (m.data.text === 'extra-change' || m.data.text === 'extra-change-then-rejected') {
      const extra = {
        entity: TEST_ENTITY,
        entity_id: `${m.entity_id}-extra`,
        community_id: m.data.community_id,
        op: 'put' as const,
        version: 1,
        record: { extra: true },
      }
      await appendChange(tx0, user.subdistrict_id, extra, now)
    }
    // A rule decided only after writing: the push's savepoint must undo the write above.
    if (m.data.text === 'rejected-after-write' || m.data.text === 'extra-change-then-rejected') throw refused(422, 'test_note_rejected_after_write')
    return { record, version, community_id: m.data.community_id }
  },
}

export const testNotesModule: ServerModule = { name: 'test-notes', routes: [], entities: [testNoteEntity], messages: TEST_NOTE_MESSAGES }

/** Every note on the server, for assertions. */
export async function allTestNotes(db: Kysely<any>, subdistrictId: string) {
  const rows = await db.selectFrom('sync_test_notes').select(['id', 'version', 'record']).where('subdistrict_id', '=', subdistrictId).orderBy('id').execute()
  return rows.map((r) => ({ id: r.id as string, version: Number(r.version), record: JSON.parse(r.record as string) as Record<string, unknown> }))
}
