// The long sync chaos run: several simulated devices, dropped and
// duplicated requests, server restarts; after quiescence nothing lost, duplicated or diverged. Runs the
// harness's runChaos seed after seed (as its runLongChaos does) in a child process under a time limit,
// naming the seeds that failed; says so when the harness is absent.
import { existsSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Collector } from '../lib/figures.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const HARNESS = 'client/test-support/chaos/run-chaos.ts'
const NAME = 'records lost + duplicated + diverged after quiescence'

interface ChaosOut {
  ok: boolean
  error?: string
  devices: number
  mutations: number
  runs: number
  lost: number
  duplicated: number
  diverged: number
  seconds: number
  failed: { seed: number; problem: string }[]
}

function runChild(seconds: number): Promise<ChaosOut> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sections/chaos-child.ts', ROOT + HARNESS, String(seconds)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 90) * 1000)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal === 'SIGKILL') return reject(new Error(`the chaos run was stopped after ${seconds + 90} s`))
      const line = stdout
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"ok"'))
      if (!line) return reject(new Error(`the chaos run exited ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`))
      resolve(JSON.parse(line) as ChaosOut)
    })
  })
}

export async function chaosBench(seconds: number): Promise<Collector> {
  const out = new Collector('sync chaos (long run)')
  if (!existsSync(ROOT + HARNESS)) {
    out.missing(NAME, `the sync chaos harness (${HARNESS}, issue 8) is not in the tree`, undefined, 'records')
    return out
  }
  const r = await runChild(seconds)
  if (!r.ok) {
    out.missing(NAME, r.error ?? 'unknown', undefined, 'records')
    return out
  }
  out.add({
    name: NAME,
    value: r.lost + r.duplicated + r.diverged,
    unit: 'records',
    budget: { kind: 'max', limit: 0, text: '0 records' },
    comparison: `${r.mutations.toLocaleString('en-US')} mutations written`,
    note: `${HARNESS}: ${r.runs} runs (seeds 1–${r.runs}) of 400 steps, ${r.devices} devices with offline spells, lost/duplicated/delayed requests, answers lost after commit, server restarts; ${Math.round(r.seconds)} s; lost ${r.lost}, duplicated ${r.duplicated}, diverged ${r.diverged}${r.failed.length ? `; ${r.failed.length} failing seeds (replay: runChaos({ seed, steps: 400 })): ${r.failed.map((f) => f.seed).join(', ')}; first: ${r.failed[0]!.problem.slice(0, 160)}` : ''}`,
  })
  return out
}
