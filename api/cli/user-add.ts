// `npm run user:add -- --username wang --role inspector --community jiulongnan [--password …]`
// creates a real user (the demo accounts exist only with SEED_DEMO). Without --password it asks on the
// terminal.
import { createInterface } from 'node:readline/promises'
import { loadEnv } from '../env.ts'
import { userAdd } from './user-add-run.ts'

process.exitCode = await userAdd(process.argv.slice(2), loadEnv, {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
  async ask(question) {
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    try {
      return await rl.question(question)
    } finally {
      rl.close()
    }
  },
})
