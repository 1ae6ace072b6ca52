// Media are stored by SHA-256, never under a user-chosen name. The interface lets a city deployment
// swap the filesystem for object storage without touching the services that use it.
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface MediaStore {
  has(sha256: string): Promise<boolean>
  put(sha256: string, bytes: Uint8Array): Promise<void>
  get(sha256: string): Promise<Uint8Array | undefined>
}

const HASH_RE = /^[0-9a-f]{64}$/

export function fileMediaStore(root: string): MediaStore {
  /** The 256 two-hex-digit folders, once each made: a mkdir per photo was a system call per upload for nothing. */
  const made = new Set<string>()
  let writes = 0
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
      const dir = join(root, h.slice(0, 2))
      // Unique per write: two requests storing the same new photo at once must not share a temporary file.
      const tmp = `${p}.${process.pid}.${++writes}.tmp`
      if (!made.has(dir)) await mkdir(dir, { recursive: true })
      try {
        await writeFile(tmp, bytes)
      } catch (e) {
        // The folder went away under a running server (restored or cleaned by hand): make it again, once.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
        await mkdir(dir, { recursive: true })
        await writeFile(tmp, bytes)
      }
      made.add(dir)
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

/**
 * Temporary files of writes that never finished (the process was killed mid-upload), older than
 * `olderThanMs` so a write of another running process is left alone. Run at start; returns how many went.
 */
export async function removeStaleTempFiles(root: string, now = Date.now(), olderThanMs = 10 * 60_000): Promise<number> {
  let removed = 0
  let dirs: string[]
  try {
    dirs = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name)).map((d) => join(root, d.name))
  } catch {
    return 0
  }
  for (const dir of dirs) {
    for (const name of await readdir(dir)) {
      if (!/^[0-9a-f]{64}\.\d+\.\d+\.tmp$/.test(name)) continue
      const file = join(dir, name)
      try {
        if (now - (await stat(file)).mtimeMs < olderThanMs) continue
        await unlink(file)
        removed++
      } catch {
        // Gone meanwhile (another process cleaned it): nothing to do.
      }
    }
  }
  return removed
}
