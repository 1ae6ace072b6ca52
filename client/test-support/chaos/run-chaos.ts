// Sync chaos (in the spirit of jepsen): several devices with their own IndexedDB and engine
// write, go offline, lose and duplicate requests and answers while the server restarts; after the
// network heals, nothing is lost or duplicated and every device holds exactly what the server holds.
// The real server runs in this process: its zod extension must load before any domain schema is made
// (zod 4 gives `.openapi` only to schemas created after it), as it does when the server starts alone.
import '@hono/zod-openapi'
import 'fake-indexeddb/auto'
import { LastmileDB } from '../../db/database.ts'
import { setOutboxUser, writeWithOutbox } from '../../db/outbox.ts'
import { uuidv7 } from '#domain/ids.ts'
import { allTestNotes, TEST_ENTITY } from '../../../api/test-support/testing-entity.ts'
import { runSync } from '../../sync/run-sync.ts'
import { resolveConflict } from '../../sync/resolve-conflict.ts'
import { discardMutation } from '../../sync/discard-mutation.ts'
import type { EngineDeps } from '../../sync/types.ts'
import { startChaosServer, type ChaosServer } from './chaos-server.ts'
import { chaosNetwork, type ChaosNetwork, type NetworkStats } from './chaos-network.ts'
import { checkConvergence, type Written } from './check-convergence.ts'

export interface ChaosResult {
  seed: number
  steps: number
  devices: number
  mutations: number
  conflicts: number
  /** Edits of records another device deleted: refused with a reason, then discarded by the user. */
  rejected: number
  restarts: number
  network: NetworkStats
  lost: number
  duplicated: number
  diverged: number
  problems: string[]
}

/** Deterministic PRNG: a seed replays the same run. */
export function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

export interface Device {
  name: string
  username: string
  communities: string[]
  userId: string
  cookie: string
  db: LastmileDB
  net: ChaosNetwork
  deps: EngineDeps
}

const USERS = [
  { username: 'inspector', communities: ['jiulongshan', 'jiulongnan'] },
  { username: 'inspector', communities: ['jiulongshan', 'jiulongnan'] },
  { username: 'inspector2', communities: ['guangquan'] },
  { username: 'coordinator', communities: ['jiulongshan', 'jiulongnan', 'guangquan', 'maoxing'] },
]

let runNo = 0

export async function runChaos({ seed, steps, devices: count = 4 }: { seed: number; steps: number; devices?: number }): Promise<ChaosResult> {
  const rand = mulberry32(seed)
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!
  let clock = Date.parse('2026-12-02T02:00:00Z')
  const now = () => new Date(clock)
  const server = await startChaosServer(now)
  const devices: Device[] = []
  const written: Written = new Map()
  let mutations = 0
  let conflicts = 0
  let rejected = 0
  try {
    for (const [i, u] of USERS.slice(0, count).entries()) devices.push(await makeDevice(server, `d${i}`, u, rand, now))

    const write = async (d: Device, id: string, op: 'put' | 'delete', data: Record<string, unknown>) => {
      setOutboxUser(d.userId)
      await writeWithOutbox([], (enqueue) => enqueue({ entity: TEST_ENTITY, entity_id: id, op, data }), d.db, now)
      mutations++
      const w = written.get(id) ?? { writers: new Set<string>(), last: null, deleted: false }
      w.writers.add(d.name)
      if (op === 'delete') w.deleted = true
      else w.last = data.text as string
      written.set(id, w)
    }

    for (let step = 0; step < steps; step++) {
      clock += 1000 + Math.floor(rand() * 4000)
      const r = rand()
      const d = pick(devices)
      if (r < 0.3) {
        await write(d, uuidv7(clock), 'put', { community_id: pick(d.communities), text: `n${step}` })
      } else if (r < 0.5) {
        // Edit or delete something this device can see: its own work or another device's, pulled.
        const seen = await d.db.records.where('entity').equals(TEST_ENTITY).toArray()
        if (!seen.length) continue
        const rec = pick(seen)
        if (rand() < 0.1) await write(d, rec.entity_id, 'delete', {})
        else await write(d, rec.entity_id, 'put', { community_id: (rec.record as { community_id: string }).community_id, text: `e${step}` })
      } else if (r < 0.62) {
        d.net.online = !d.net.online
      } else if (r < 0.9) {
        // Several devices sync at once: their requests interleave on the server.
        await Promise.all(devices.filter(() => rand() < 0.6).map((x) => runSync(x.deps)))
      } else if (r < 0.96) {
        await d.net.deliverDelayed()
      } else {
        await server.restart()
      }
    }

    // Quiescence: the network heals, held-back requests arrive, conflicts are decided, all sync.
    for (const d of devices) Object.assign(d.net, { online: true, faulty: false })
    for (const d of devices) await d.net.deliverDelayed(true)
    for (let round = 0; round < 8; round++) {
      for (const d of devices) await runSync(d.deps)
      let open = 0
      for (const d of devices) {
        for (const row of await d.db.outbox.where('state').equals('conflict').toArray()) {
          conflicts++
          open++
          await resolveConflict(d.db, row.id, rand() < 0.5 ? { keep: 'mine' } : { keep: 'theirs' }, now)
          const w = written.get(row.entity_id)
          if (w) w.conflicted = true
        }
        // An edit of a record someone else deleted is refused and shown with its reason; only then
        // does the user let it go. Any other refusal would be a bug: it is left for the verdict.
        for (const row of await d.db.outbox.where('state').equals('rejected').toArray()) {
          if (!written.get(row.entity_id)?.deleted) continue
          rejected++
          open++
          await discardMutation(d.db, row.id)
        }
      }
      if (!open) break
    }
    for (const d of devices) await runSync(d.deps)

    const verdict = await checkConvergence(server.deps().db, devices, written)
    const network = devices.reduce<NetworkStats>(
      (a, d) => ({
        lostRequests: a.lostRequests + d.net.stats.lostRequests,
        lostResponses: a.lostResponses + d.net.stats.lostResponses,
        duplicated: a.duplicated + d.net.stats.duplicated,
        delayed: a.delayed + d.net.stats.delayed,
      }),
      { lostRequests: 0, lostResponses: 0, duplicated: 0, delayed: 0 },
    )
    return { seed, steps, devices: devices.length, mutations, conflicts, rejected, restarts: server.restarts, network, ...verdict }
  } finally {
    for (const d of devices) {
      d.db.close()
      await d.db.delete()
    }
    await server.close()
  }
}

async function makeDevice(
  server: ChaosServer,
  name: string,
  u: { username: string; communities: string[] },
  rand: () => number,
  now: () => Date,
): Promise<Device> {
  const cookie = await server.login(u.username)
  const me = (await (await server.request('/api/auth/me', { headers: { cookie } })).json()) as { id: string }
  const db = new LastmileDB(`chaos-${process.pid}-${runNo++}-${name}`)
  await db.open()
  const net = chaosNetwork(server, () => cookie, rand)
  const deps: EngineDeps = { db, fetch: net.fetch, now, userId: () => me.id, batchSize: 5, pullLimit: 7 }
  return { name, username: u.username, communities: u.communities, userId: me.id, cookie, db, net, deps }
}

/** For `npm run bench`: repeated chaos runs for about `seconds`, summed. */
export async function runLongChaos({ seconds }: { seconds: number }) {
  const until = Date.now() + seconds * 1000
  const total = { devices: 4, mutations: 0, lost: 0, duplicated: 0, diverged: 0, runs: 0 }
  for (let seed = 1; Date.now() < until; seed++) {
    const r = await runChaos({ seed, steps: 400 })
    total.runs++
    total.mutations += r.mutations
    total.lost += r.lost
    total.duplicated += r.duplicated
    total.diverged += r.diverged
  }
  return total
}

export { allTestNotes }
