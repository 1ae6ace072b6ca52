// The residents' proof of work (altcha-lib, self-hosted): a challenge signed with the HMAC key from
// RESIDENT_POW_HMAC_KEY, bound to one subdistrict, expiring after CHALLENGE_TTL_MS on the server clock,
// and spent once (resident_pow_spent) in the transaction that stores the report. The same key hashes
// device tokens and client addresses, so the limits count them without keeping either.
import { createHmac, randomBytes, randomInt } from 'node:crypto'
import type { Transaction } from 'kysely'
import { createChallenge, verifySolution } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import type { DB } from '../../../db/schema.ts'
import type { Env } from '../../../env.ts'
import { fieldProblem } from '../../../http/problem.ts'
import type { PowPayload, ResidentChallenge } from '#domain/patrol/resident.ts'

/** How long a challenge may be solved and sent: enough to solve on a slow phone and send on a slow line. */
export const CHALLENGE_TTL_MS = 10 * 60_000

/** Used when RESIDENT_POW_HMAC_KEY is not set: random per process (a restart voids open challenges). */
const PROCESS_KEY = randomBytes(32).toString('hex')

const keysOf = (env: Pick<Env, 'RESIDENT_POW_HMAC_KEY'>) => {
  const base = env.RESIDENT_POW_HMAC_KEY ?? PROCESS_KEY
  const sub = (label: string) => createHmac('sha256', base).update(label).digest('hex')
  return { signature: sub('altcha-challenge'), keySignature: sub('altcha-key'), hashes: sub('resident-hashes') }
}

/** A keyed hash of a device token or an address: comparable, not reversible without the key. */
export function keyedHash(env: Pick<Env, 'RESIDENT_POW_HMAC_KEY'>, kind: 'device' | 'ip', value: string): string {
  return createHmac('sha256', keysOf(env).hashes).update(`${kind}:${value}`).digest('hex')
}

export async function issueChallenge(env: Pick<Env, 'RESIDENT_POW_HMAC_KEY' | 'RESIDENT_POW_MAX_NUMBER'>, sd: string, now: Date): Promise<ResidentChallenge> {
  const keys = keysOf(env)
  const expires = new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString()
  // Deterministic mode: the server picks the number, the solver counts up to it.
  const challenge = await createChallenge({
    algorithm: 'SHA-256',
    cost: 1,
    counter: randomInt(0, env.RESIDENT_POW_MAX_NUMBER),
    deriveKey,
    data: { sd, exp: expires },
    hmacSignatureSecret: keys.signature,
    hmacKeySignatureSecret: keys.keySignature,
  })
  return { challenge: challenge as ResidentChallenge['challenge'], expires_at: expires }
}

const powProblem = (key: string) => fieldProblem(key, 'pow')

/**
 * Checks a solved challenge without writing: signed by this server, for this subdistrict, not expired
 * on the server clock, the right answer, and not spent before. Throws a 400 naming `pow` otherwise.
 */
export async function checkPow(tx: Transaction<DB>, env: Pick<Env, 'RESIDENT_POW_HMAC_KEY'>, sd: string, pow: PowPayload, now: Date): Promise<void> {
  const keys = keysOf(env)
  const data = pow.challenge.parameters.data ?? {}
  if (data.sd !== sd) throw powProblem('resident_pow_invalid')
  let result
  try {
    result = await verifySolution({
      challenge: pow.challenge,
      solution: pow.solution,
      deriveKey,
      hmacSignatureSecret: keys.signature,
      hmacKeySignatureSecret: keys.keySignature,
    })
  } catch {
    throw powProblem('resident_pow_invalid')
  }
  if (!result.verified) throw powProblem(result.expired ? 'resident_pow_expired' : 'resident_pow_invalid')
  // The expiry the server signed, on the server clock (altcha's own check reads the wall clock).
  const exp = Date.parse(String(data.exp))
  if (!Number.isFinite(exp) || exp < now.getTime()) throw powProblem('resident_pow_expired')
  const spent = await tx
    .selectFrom('resident_pow_spent')
    .select('nonce')
    .where('subdistrict_id', '=', sd)
    .where('nonce', '=', pow.challenge.parameters.nonce)
    .executeTakeFirst()
  if (spent) throw powProblem('resident_pow_reused')
}

/** Marks the challenge spent (in the report's transaction); expired ones are dropped on the way. */
export async function spendPow(tx: Transaction<DB>, sd: string, pow: PowPayload, now: Date): Promise<void> {
  await tx.deleteFrom('resident_pow_spent').where('subdistrict_id', '=', sd).where('expires_at', '<', now.toISOString()).execute()
  await tx
    .insertInto('resident_pow_spent')
    .values({ subdistrict_id: sd, nonce: pow.challenge.parameters.nonce, expires_at: String(pow.challenge.parameters.data?.exp ?? now.toISOString()) })
    .execute()
}
