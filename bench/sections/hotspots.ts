// Hotspot update: absorbing 1 000 new reports into 100 000 incrementally, beside a full recompute.
// The work runs in a child process (hotspots-child.ts) under a time limit, so it can never hang the bench.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Collector } from '../lib/figures.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

interface ChildResult {
  ok: boolean
  error?: string
  reports: number
  seeded: number
  buildMs: number
  hotspots: number
  absorbMs: number
  recomputeMs: number
  recomputedSites: number
}

function runChild(dbUrl: string, seconds: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sections/hotspots-child.ts', dbUrl], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const line = stdout.trim().split('\n').at(-1)
      if (signal === 'SIGKILL') return reject(new Error(`hotspot run stopped after ${seconds} s`))
      try {
        resolve(JSON.parse(line ?? '') as ChildResult)
      } catch {
        reject(new Error(`hotspot run exited ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`))
      }
    })
  })
}

export async function hotspotsBench(dbUrl: string, seconds: number): Promise<Collector> {
  const out = new Collector('hotspots')
  const r = await runChild(dbUrl, seconds)
  if (!r.ok) {
    out.missing('absorb 1 000 new reports into 100 000', r.error ?? 'unknown', undefined, 'ms')
    out.missing('full recompute', r.error ?? 'unknown', undefined, 'ms')
    return out
  }
  const k = (n: number) => n.toLocaleString('en-US')
  out.add({
    name: `absorb 1 000 new reports into ${k(r.seeded)}`,
    value: r.absorbMs,
    unit: 'ms',
    comparison: `full recompute ${Math.round(r.recomputeMs)} ms`,
    ratio: r.absorbMs / r.recomputeMs,
    note: `each report inserted and folded into its nearby hotspots in its own transaction, as a push does (${(r.absorbMs / 1000).toFixed(2)} ms per report); ${k(r.hotspots)} sites before`,
  })
  out.add({
    name: 'full recompute',
    value: r.recomputeMs,
    unit: 'ms',
    note: `recomputeHotspots over all ${k(r.reports)} reports: read every sighting + the same rule in memory, nothing written (${k(r.recomputedSites)} sites)`,
  })
  out.add({
    name: `incremental build from scratch, ${k(r.seeded)} reports`,
    value: r.buildMs / 1000,
    unit: 's',
    note: `ingestSighting for every report in arrival order in one transaction (what the demo seed does); ${(r.buildMs / r.seeded).toFixed(2)} ms per report`,
  })
  return out
}
