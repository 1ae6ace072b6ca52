// Repository for the deployment configuration, cached so the map and thresholds work offline.
import type { ClientConfig } from '#domain/config.ts'
import { db } from './database.ts'

export async function loadCachedConfig(): Promise<ClientConfig | undefined> {
  return (await db.config.get('config'))?.config
}

export async function saveConfig(config: ClientConfig): Promise<void> {
  await db.config.put({ key: 'config', config, fetched_at: new Date().toISOString() })
}
