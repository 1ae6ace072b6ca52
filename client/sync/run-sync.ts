// One sync run: photos, mutations, the change log, then settled local copies are pruned. Runs never
// overlap (the scheduler serialises them), so a row still "syncing" at the start was cut off by a crash.
import type { EngineDeps, SyncOutcome } from './types.ts'
import { NetworkError, ServerError, SignedOutError } from './types.ts'
import { uploadMedia } from './upload-media.ts'
import { pushChanges } from './push-changes.ts'
import { pullChanges } from './pull-changes.ts'
import { resetScope } from './reset-scope.ts'
import { pruneSettled } from '../db/synced-view.ts'

export async function runSync(deps: EngineDeps): Promise<SyncOutcome> {
  const user = deps.userId()
  if (!user) return 'signed_out'
  await resetScope(deps.db, user)
  await deps.db.outbox.where('state').equals('syncing').modify({ state: 'pending' })
  try {
    await uploadMedia(deps)
    await pushChanges(deps)
    await pullChanges(deps)
    await pruneSettled(deps.db)
    return 'ok'
  } catch (e) {
    if (e instanceof SignedOutError) return 'signed_out'
    if (e instanceof NetworkError) return 'offline'
    if (e instanceof ServerError) return 'error'
    throw e
  }
}
