// The long sync chaos run from the reliability issue (issue 8): several simulated devices, dropped and
// duplicated requests, server restarts; after quiescence nothing lost or duplicated. Until that harness
// exists the row says so. Contract the bench expects: a module exporting
// `runLongChaos({ seconds }): Promise<{ devices, mutations, lost, duplicated, diverged }>`.
import { existsSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Collector } from '../lib/figures.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CANDIDATES = ['api/sync/chaos/long-run.ts', 'api/sync/chaos.ts', 'bench/sync-chaos.ts']

interface ChaosResult {
  devices: number
  mutations: number
  lost: number
  duplicated: number
  diverged: number
}

export async function chaosBench(seconds: number): Promise<Collector> {
  const out = new Collector('sync chaos (long run)')
  const found = CANDIDATES.find((p) => existsSync(ROOT + p))
  if (!found) {
    const anyChaos = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => /chaos/i.test(f))
    out.missing('records lost / duplicated / diverged after quiescence', anyChaos.length ? `no long-run entry (runLongChaos) in ${anyChaos.join(', ')}` : 'the sync chaos harness (issue 8) is not in the tree yet', undefined, 'records')
    return out
  }
  const mod = (await import(ROOT + found)) as { runLongChaos?: (o: { seconds: number }) => Promise<ChaosResult> }
  if (!mod.runLongChaos) {
    out.missing('records lost / duplicated / diverged after quiescence', `${found} exports no runLongChaos`, undefined, 'records')
    return out
  }
  const r = await mod.runLongChaos({ seconds })
  out.add({
    name: 'records lost + duplicated + diverged after quiescence',
    value: r.lost + r.duplicated + r.diverged,
    unit: 'records',
    budget: { kind: 'max', limit: 0, text: '= 0' },
    note: `${found}: ${r.devices} devices, ${r.mutations} mutations, ${seconds} s; lost ${r.lost}, duplicated ${r.duplicated}, diverged ${r.diverged}`,
  })
  return out
}
