// Repository for the cached signed-in identity: lets the app reopen offline for a known user.
import { toRaw } from 'vue'
import type { Me } from '#domain/auth.ts'
import { db } from './database.ts'

export async function loadIdentity(): Promise<Me | undefined> {
  return (await db.identity.get('me'))?.me
}

export async function saveIdentity(me: Me): Promise<void> {
  await db.identity.put({ key: 'me', me: structuredClone(toRaw(me)), signed_in_at: new Date().toISOString() })
}

export async function clearIdentity(): Promise<void> {
  await db.identity.delete('me')
}
