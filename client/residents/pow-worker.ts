// Web Worker: solves the server's proof-of-work challenge (altcha-lib's solver) off the main thread, so
// the page stays responsive and screen readers keep announcing progress. SHA-256 through Web Crypto, or
// through hash-wasm where the page is not a secure context (plain http on the office network).
import { solveChallenge, type Challenge } from 'altcha-lib'
import { deriveKey as webDeriveKey } from 'altcha-lib/algorithms/web/sha'
import type { PowRequest, PowResponse } from './pow-protocol.ts'

type DeriveKey = typeof webDeriveKey

const wasmDeriveKey: DeriveKey = async (parameters, salt, password) => {
  const { createSHA256 } = await import('hash-wasm')
  const hasher = await createSHA256()
  let data: Uint8Array = new Uint8Array(salt.length + password.length)
  data.set(salt, 0)
  data.set(password, salt.length)
  for (let i = 0; i < Math.max(1, parameters.cost); i++) {
    hasher.init()
    hasher.update(data)
    data = hasher.digest('binary')
  }
  return { parameters: {}, derivedKey: data.slice(0, parameters.keyLength ?? 32) }
}

self.onmessage = async (ev: MessageEvent<PowRequest>) => {
  const deriveKey = globalThis.crypto?.subtle ? webDeriveKey : wasmDeriveKey
  let reply: PowResponse
  try {
    const solution = await solveChallenge({ challenge: ev.data.challenge as Challenge, deriveKey, timeout: ev.data.timeoutMs })
    reply = solution ? { solution: { counter: solution.counter, derivedKey: solution.derivedKey } } : { error: 'timeout' }
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e) }
  }
  ;(self as unknown as Worker).postMessage(reply)
}
