// Media are stored by SHA-256, never under a user-chosen name. The interface lets a city deployment
// swap the filesystem for object storage without touching the services that use it.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface MediaStore {
  has(sha256: string): Promise<boolean>
  put(sha256: string, bytes: Uint8Array): Promise<void>
  get(sha256: string): Promise<Uint8Array | undefined>
}

const HASH_RE = /^[0-9a-f]{64}$/

export function fileMediaStore(root: string): MediaStore {
  const pathOf = (h: string) => {
    if (!HASH_RE.test(h)) throw new Error('invalid media hash')
    return join(root, h.slice(0, 2), h)
  }
  return {
    async has(h) {
      try {
        await stat(pathOf(h))
        return true
      } catch {
        return false
      }
    },
    async put(h, bytes) {
      const p = pathOf(h)
      await mkdir(join(root, h.slice(0, 2)), { recursive: true })
      const tmp = `${p}.${process.pid}.tmp`
      await writeFile(tmp, bytes)
      await rename(tmp, p)
    },
    async get(h) {
      try {
        return new Uint8Array(await readFile(pathOf(h)))
      } catch {
        return undefined
      }
    },
  }
}
