// A stable id for this installation, sent with each push so the server can tell devices apart in
// its applied-mutations log (support questions: "which phone sent this?").
import type { LastmileDB } from '../db/database.ts'
import { uuidv7 } from '#domain/ids.ts'

export async function deviceId(db: LastmileDB): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('device_id')
    if (typeof row?.value === 'string') return row.value
    const id = uuidv7()
    await db.meta.put({ key: 'device_id', value: id })
    return id
  })
}
