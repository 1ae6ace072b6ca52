// Messages between the page and the proof-of-work worker.
import type { ResidentChallenge } from '#domain/patrol/resident.ts'

export interface PowRequest {
  challenge: ResidentChallenge['challenge']
  timeoutMs: number
}

export type PowResponse = { solution: { counter: number; derivedKey: string } } | { error: string }
