// The chaos run's verdict after quiescence: nothing lost (every record nobody deleted is on the
// server, with its only writer's last text), nothing duplicated (one row and one contiguous version
// chain per record) and every device holding exactly the server's records in its scope.
import type { Kysely } from 'kysely'
import { allTestNotes, TEST_ENTITY } from '../../../api/test-support/testing-entity.ts'
import type { Device } from './run-chaos.ts'

export type Written = Map<string, { writers: Set<string>; last: string | null; deleted: boolean; conflicted?: boolean }>

export async function checkConvergence(db: Kysely<any>, devices: Device[], written: Written) {
  const problems: string[] = []
  let lost = 0
  let duplicated = 0
  let diverged = 0
  const server = await allTestNotes(db, 'shuangjing')
  const byId = new Map(server.map((n) => [n.id, n]))
  if (byId.size !== server.length) duplicated += server.length - byId.size

  for (const [id, w] of written) {
    const note = byId.get(id)
    if (!w.deleted && !note) {
      lost++
      problems.push(`lost ${id}`)
    }
    // A record only one device ever touched, with no conflict, must read as that device last wrote.
    if (note && !w.deleted && w.writers.size === 1 && !w.conflicted && note.record.text !== w.last) {
      lost++
      problems.push(`${id}: server has "${String(note.record.text)}", last written "${w.last}"`)
    }
  }
  for (const n of server) if (!written.has(n.id)) problems.push(`invented ${n.id}`)

  for (const id of written.keys()) {
    const log = await db.selectFrom('change_log').select('version').where('entity', '=', TEST_ENTITY).where('entity_id', '=', id).orderBy('seq').execute()
    const versions = log.map((r) => Number(r.version))
    if (versions.some((v, i) => v !== i + 1)) {
      duplicated++
      problems.push(`${id}: change log versions ${versions.join(',')}`)
    }
    const note = byId.get(id)
    if (note && note.version !== versions.length) problems.push(`${id}: version ${note.version}, ${versions.length} changes`)
  }

  for (const d of devices) {
    for (const row of await d.db.outbox.toArray())
      problems.push(`${d.name}: outbox row left, ${row.state} ${row.op} ${row.entity_id} base ${row.base_version}: ${row.reason ?? ''}`)
    const mine = server.filter((n) => d.communities.includes(n.record.community_id as string))
    const device = await d.db.records.where('entity').equals(TEST_ENTITY).toArray()
    const have = new Map(device.map((r) => [r.entity_id, r]))
    for (const n of mine) {
      const r = have.get(n.id)
      if (!r || r.version !== n.version || JSON.stringify(r.record) !== JSON.stringify(n.record)) {
        diverged++
        problems.push(`${d.name}: ${n.id} ${r ? `v${r.version}` : 'missing'} vs server v${n.version}`)
      }
    }
    const extra = device.filter((r) => !mine.some((n) => n.id === r.entity_id))
    diverged += extra.length
    for (const r of extra) problems.push(`${d.name}: holds ${r.entity_id}, not on the server`)
  }
  return { lost, duplicated, diverged, problems }
}
