// The worker pool: jobs run on separate workers at once, a worker that dies fails only its own job and
// is replaced, and idle workers never keep a process alive.
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { createWorkerPool, type WorkerPool } from './worker-pool.ts'

// `meet`: count this job in, then wait (a blocking wait, as a hash blocks its thread) until `want` jobs
// are in at the same time or `ms` pass; answers whether they met. `exit` ends the worker, `throw` fails
// it with an uncaught error, `echo` answers its value.
const SOURCE = `
const { parentPort } = require('node:worker_threads')
parentPort.on('message', ({ id, op, value, shared, want, ms }) => {
  if (op === 'exit') process.exit(3)
  if (op === 'throw') setImmediate(() => { throw new Error('worker broke') })
  else if (op === 'meet') {
    const n = new Int32Array(shared)
    Atomics.add(n, 0, 1)
    Atomics.notify(n, 0)
    const until = Date.now() + ms
    let seen
    while ((seen = Atomics.load(n, 0)) < want && Date.now() < until) Atomics.wait(n, 0, seen, until - Date.now())
    parentPort.postMessage({ id, result: Atomics.load(n, 0) >= want })
  } else if (op === 'fail') parentPort.postMessage({ id, error: 'refused' })
  else parentPort.postMessage({ id, result: value })
})
`

type Job = { op: 'meet'; shared: SharedArrayBuffer; want: number; ms: number } | { op: 'exit' | 'throw' | 'fail' } | { op: 'echo'; value: number }

const pools: WorkerPool<Job, unknown>[] = []
function pool(size: number) {
  const p = createWorkerPool<Job, unknown>({ source: SOURCE, size, name: 'test worker' })
  pools.push(p)
  return p
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()))
})

const meet = (want: number, ms: number) => ({ op: 'meet' as const, shared: new SharedArrayBuffer(4), want, ms })

describe('worker pool', () => {
  it('runs parallel jobs on separate workers at once, and both complete', async () => {
    const p = pool(2)
    const job = meet(2, 10_000)
    const both = Promise.all([p.run(job), p.run(job)])
    expect(p.stats()).toEqual({ workers: 2, busy: 2, queued: 0 })
    // Each job waits for the other to be running: they only meet when they run at the same time.
    expect(await both).toEqual([true, true])
    expect(p.stats()).toEqual({ workers: 2, busy: 0, queued: 0 })
  })

  it('queues jobs past its size, in order, and never starts more workers than its size', async () => {
    const p = pool(1)
    const job = meet(2, 200)
    const both = Promise.all([p.run(job), p.run(job)])
    expect(p.stats()).toEqual({ workers: 1, busy: 1, queued: 1 })
    // One worker: the first job never meets the second, which starts only after it.
    expect(await both).toEqual([false, true])
    expect(await Promise.all([1, 2, 3].map((value) => p.run({ op: 'echo', value })))).toEqual([1, 2, 3])
    expect(p.stats().workers).toBe(1)
  })

  it('refuses a job its worker refused, and the worker goes on', async () => {
    const p = pool(1)
    await expect(p.run({ op: 'fail' })).rejects.toThrow('refused')
    expect(await p.run({ op: 'echo', value: 7 })).toBe(7)
    expect(p.stats().workers).toBe(1)
  })

  it('replaces a worker that exits or throws: only its own job fails, the jobs waiting behind it complete', async () => {
    const p = pool(1)
    const crashed = p.run({ op: 'exit' })
    const after = p.run({ op: 'echo', value: 1 })
    await expect(crashed).rejects.toThrow('test worker exited (3)')
    expect(await after).toBe(1)
    const broke = p.run({ op: 'throw' })
    const next = p.run({ op: 'echo', value: 2 })
    await expect(broke).rejects.toThrow('worker broke')
    expect(await next).toBe(2)
    expect(p.stats()).toEqual({ workers: 1, busy: 0, queued: 0 })
  })

  it('lets the process exit when its workers are idle, replaced ones too', () => {
    // A script that leaves the pool with two idle workers (one a replacement) and ends without exit():
    // a worker still referenced would keep it alive until the timeout kills it.
    const script = `
      import { createWorkerPool } from './api/auth/worker-pool.ts'
      const p = createWorkerPool({ source: ${JSON.stringify(SOURCE)}, size: 2, name: 'w' })
      await p.run({ op: 'exit' }).catch(() => {})
      console.log(await Promise.all([p.run({ op: 'echo', value: 1 }), p.run({ op: 'echo', value: 2 })]))
    `
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 })
    expect(res.stderr).toBe('')
    expect(res.stdout.trim()).toBe('[ 1, 2 ]')
    expect(res.signal).toBeNull()
    expect(res.status).toBe(0)
  }, 30_000)
})
