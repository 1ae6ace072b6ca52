// Asks the browser not to evict our data under storage pressure; call it after sign-in.
// Returns whether storage is persistent (null: the browser has no such API).
export async function requestPersistence(nav: Pick<Navigator, 'storage'> | undefined = globalThis.navigator): Promise<boolean | null> {
  const storage = nav?.storage
  if (!storage?.persist) return null
  try {
    if (await storage.persisted?.()) return true
    return await storage.persist()
  } catch {
    return false
  }
}
