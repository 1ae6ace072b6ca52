import { createBenchDatabase, countReports } from './lib/seed-db.ts'
const d = await createBenchDatabase(Number(process.argv[2] ?? 100000))
console.log('seeded', d.seedMs, await countReports(d.url), d.url)
