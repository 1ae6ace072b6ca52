// Loaded into a bench server process (`node --expose-gc --require bench/lib/gc-probe.cjs …`): on SIGUSR2
// a full garbage collection, then the process's memory as one JSON line on its stdout
// ({"msg":"gc_probe",…}), read by the bench from the process's log lines. The live heap after a full
// collection says whether the server keeps more and more; the resident set alone says where V8 happened
// to be in its collection cycle (a busy server's old space fills with garbage for tens of seconds
// before a full collection, and V8 keeps the pages it grew).
'use strict'
process.on('SIGUSR2', () => {
  // Twice: what the first one's finalizers and weak maps let go is collected by the second.
  globalThis.gc?.()
  globalThis.gc?.()
  const m = process.memoryUsage()
  process.stdout.write(
    JSON.stringify({ msg: 'gc_probe', rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers }) + '\n',
  )
})
