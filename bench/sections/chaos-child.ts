// Run as its own process by chaos.ts: the long sync chaos run (fake IndexedDB devices against the real
// app) patches globals and restarts servers, so it stays out of the bench's own process. Runs seed after
// seed for about the given seconds (as the harness's runLongChaos does) but keeps the seeds that failed,
// so a failure can be replayed. Prints one JSON line.
interface RunResult {
  mutations: number
  devices: number
  lost: number
  duplicated: number
  diverged: number
  problems: string[]
}
type Harness = { runChaos?: (o: { seed: number; steps: number }) => Promise<RunResult> }

const [file, seconds] = [process.argv[2]!, Number(process.argv[3])]
try {
  const mod = (await import(file)) as Harness
  if (!mod.runChaos) throw new Error(`${file} exports no runChaos`)
  const t0 = performance.now()
  const until = Date.now() + seconds * 1000
  const total = { devices: 0, mutations: 0, runs: 0, lost: 0, duplicated: 0, diverged: 0, failed: [] as { seed: number; problem: string }[] }
  for (let seed = 1; Date.now() < until; seed++) {
    const r = await mod.runChaos({ seed, steps: 400 })
    total.runs++
    total.devices = r.devices
    total.mutations += r.mutations
    total.lost += r.lost
    total.duplicated += r.duplicated
    total.diverged += r.diverged
    if (r.lost + r.duplicated + r.diverged > 0 || r.problems.length) total.failed.push({ seed, problem: r.problems[0] ?? '' })
  }
  console.log(JSON.stringify({ ok: true, ...total, seconds: (performance.now() - t0) / 1000 }))
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: e instanceof Error ? e.message.split('\n')[0] : String(e) }))
}
process.exit(0)

export {}
