// Hotspot update: absorbing 1 000 new reports into 100 000 incrementally, beside a full recompute.
// The work runs in a child process (hotspots-child.ts) under a time limit, so it can never hang the bench;
// each stage it finishes is kept even if a later one is stopped.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Collector } from '../lib/figures.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

type Stage =
  | { stage: 'recompute'; ms: number; reports: number; sites: number }
  | { stage: 'build'; ms: number; reports: number; sites: number }
  | { stage: 'absorb'; ms: number; into: number; sites: number }
  | { stage: 'error'; error: string }

function runChild(dbUrl: string, seconds: number): Promise<{ stages: Stage[]; stopped: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sections/hotspots-child.ts', dbUrl], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const stages: Stage[] = []
      for (const line of stdout.split('\n')) {
        try {
          stages.push(JSON.parse(line) as Stage)
        } catch {
          // not a stage line
        }
      }
      const stopped = signal === 'SIGKILL' ? `stopped after ${seconds} s` : code !== 0 ? `exited ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}` : null
      resolve({ stages, stopped })
    })
  })
}

export async function hotspotsBench(dbUrl: string, seconds: number): Promise<Collector> {
  const out = new Collector('hotspots')
  const { stages, stopped } = await runChild(dbUrl, seconds)
  const get = <S extends Stage['stage']>(s: S) => stages.find((x) => x.stage === s) as Extract<Stage, { stage: S }> | undefined
  const error = get('error')?.error ?? stopped ?? 'the run ended early'
  const k = (n: number) => n.toLocaleString('en-US')
  const recompute = get('recompute')
  const build = get('build')
  const absorb = get('absorb')
  if (absorb) {
    out.add({
      name: `absorb 1 000 new reports into ${k(absorb.into)}`,
      value: absorb.ms,
      unit: 'ms',
      comparison: recompute ? `full recompute ${Math.round(recompute.ms)} ms` : undefined,
      ratio: recompute ? absorb.ms / recompute.ms : undefined,
      note: `each report inserted and folded into its nearby hotspots in its own transaction, as a push does (${(absorb.ms / 1000).toFixed(2)} ms per report); ${k(absorb.sites)} sites before`,
    })
  } else out.missing('absorb 1 000 new reports into 100 000', error, undefined, 'ms')
  if (recompute) {
    out.add({
      name: 'full recompute',
      value: recompute.ms,
      unit: 'ms',
      note: `recomputeHotspots over all ${k(recompute.reports)} reports: read every sighting + the same rule in memory, nothing written (${k(recompute.sites)} sites)`,
    })
  } else out.missing('full recompute', error, undefined, 'ms')
  if (build) {
    out.add({
      name: `incremental build from scratch, ${k(build.reports)} reports`,
      value: build.ms / 1000,
      unit: 's',
      comparison: recompute ? `full recompute ${(recompute.ms / 1000).toFixed(1)} s` : undefined,
      ratio: recompute ? build.ms / recompute.ms : undefined,
      note: `ingestSighting for every report in arrival order in one transaction (what the demo seed does); ${(build.ms / build.reports).toFixed(2)} ms per report`,
    })
  }
  return out
}
