// A small pool of worker threads for CPU-bound jobs that must not run on the event loop (password
// hashing). Workers start when jobs need them, up to `size`; each works on one job at a time and the rest
// wait in order. A worker that dies fails only its own job and is replaced by the next job that needs
// one. Idle workers are unreferenced, so they never keep a process (a CLI, a test run) alive.
import { Worker } from 'node:worker_threads'

export interface WorkerPoolOptions {
  /** Worker source, plain CommonJS, run with `eval`: it answers each `{ id, ...job }` with `{ id, result }` or `{ id, error }`. */
  source: string
  workerData?: unknown
  /** Workers at most, so also the most jobs in flight at once. */
  size: number
  /** Threads and their memory are named in errors: `password hasher`. */
  name: string
}

export interface WorkerPool<Job, Result> {
  run(job: Job): Promise<Result>
  /** Workers alive, jobs on a worker, jobs waiting for one. */
  stats(): { workers: number; busy: number; queued: number }
  /** Ends every worker; jobs in flight or waiting are refused. The pool starts new workers for later jobs. */
  close(): Promise<void>
}

interface Reply {
  id: number
  result?: unknown
  error?: string
}

interface Pending<Result> {
  id: number
  job: unknown
  resolve: (v: Result) => void
  reject: (e: Error) => void
}

interface Slot<Result> {
  worker: Worker
  current?: Pending<Result>
}

export function createWorkerPool<Job extends object, Result>(opts: WorkerPoolOptions): WorkerPool<Job, Result> {
  const size = Math.max(1, Math.floor(opts.size))
  const slots = new Set<Slot<Result>>()
  const queue: Pending<Result>[] = []
  let nextId = 0

  function spawn(): Slot<Result> {
    // No flags of the parent's (a TypeScript loader, `--input-type=module`): the source is plain CommonJS.
    const worker = new Worker(opts.source, { eval: true, workerData: opts.workerData, execArgv: [] })
    const slot: Slot<Result> = { worker }
    const w = slot.worker
    w.on('message', (m: Reply) => {
      const job = slot.current
      if (!job || job.id !== m.id) return
      slot.current = undefined
      w.unref()
      if (m.error !== undefined) job.reject(new Error(m.error))
      else job.resolve(m.result as Result)
      pump()
    })
    let gone = false
    const fail = (e: Error) => {
      if (gone) return
      gone = true
      slots.delete(slot)
      const job = slot.current
      slot.current = undefined
      job?.reject(e)
      // Jobs still waiting get a new worker.
      pump()
    }
    w.on('error', fail)
    w.on('exit', (code) => fail(new Error(`${opts.name} exited (${code})`)))
    // After the listeners: adding a 'message' listener refs the worker's port again.
    w.unref()
    slots.add(slot)
    return slot
  }

  function idle(): Slot<Result> | undefined {
    for (const s of slots) if (!s.current) return s
    return slots.size < size ? spawn() : undefined
  }

  function pump() {
    while (queue.length > 0) {
      const slot = idle()
      if (!slot) return
      const job = queue.shift()!
      slot.current = job
      // Held while its job runs, let go when it is answered.
      slot.worker.ref()
      slot.worker.postMessage({ id: job.id, ...(job.job as object) })
    }
  }

  return {
    run(job) {
      return new Promise<Result>((resolve, reject) => {
        queue.push({ id: nextId++, job, resolve, reject })
        pump()
      })
    },
    stats() {
      let busy = 0
      for (const s of slots) if (s.current) busy++
      return { workers: slots.size, busy, queued: queue.length }
    },
    async close() {
      const closed = new Error(`${opts.name} closed`)
      for (const job of queue.splice(0)) job.reject(closed)
      await Promise.all([...slots].map((s) => s.worker.terminate()))
    },
  }
}
