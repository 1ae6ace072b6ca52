// The fixed-seed chaos run for npm test: four devices (two of one inspector, another inspector, a
// coordinator), faults everywhere and server restarts; nothing lost, nothing duplicated, all equal.
import { describe, expect, it } from 'vitest'
import { runChaos } from '../test-support/chaos/run-chaos.ts'

describe('sync chaos', () => {
  it.each([20261201, 4242])(
    'seed %i: after quiescence nothing is lost or duplicated and every device equals the server',
    async (seed) => {
      const r = await runChaos({ seed, steps: 220 })
      console.info('sync chaos:', JSON.stringify({ ...r, problems: r.problems.slice(0, 5) }))
      expect(r.problems).toEqual([])
      expect({ lost: r.lost, duplicated: r.duplicated, diverged: r.diverged }).toEqual({ lost: 0, duplicated: 0, diverged: 0 })
      // The faults really happened.
      expect(r.restarts).toBeGreaterThan(0)
      expect(r.network.lostResponses + r.network.duplicated + r.network.delayed).toBeGreaterThan(10)
      expect(r.mutations).toBeGreaterThan(50)
    },
    30_000,
  )
})
