// How much of the device's storage the app uses and whether the browser promised to keep it.
export interface StorageUsage {
  usage: number | null
  quota: number | null
  persisted: boolean | null
}

export async function storageUsage(nav: Pick<Navigator, 'storage'> | undefined = globalThis.navigator): Promise<StorageUsage> {
  const storage = nav?.storage
  if (!storage?.estimate) return { usage: null, quota: null, persisted: null }
  const [estimate, persisted] = await Promise.all([storage.estimate().catch(() => ({}) as StorageEstimate), storage.persisted?.().catch(() => null) ?? null])
  return { usage: estimate.usage ?? null, quota: estimate.quota ?? null, persisted }
}
