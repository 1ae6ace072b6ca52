// The file media store: content-addressed files, written through a temporary file and a rename.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fileMediaStore } from './store.ts'
import { sha256Hex } from './service.ts'

const root = mkdtempSync(join(tmpdir(), 'lastmile-store-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const bytes = (n: number) => new Uint8Array([n, n + 1, n + 2])

describe('fileMediaStore', () => {
  it('stores under the hash, and the same new photo stored twice at once ends as one file, no temporary left', async () => {
    const store = fileMediaStore(root)
    const h = sha256Hex(bytes(1))
    expect(await store.has(h)).toBe(false)
    await Promise.all([store.put(h, bytes(1)), store.put(h, bytes(1)), store.put(h, bytes(1))])
    expect(await store.has(h)).toBe(true)
    expect(await store.get(h)).toEqual(bytes(1))
    expect(readdirSync(join(root, h.slice(0, 2)))).toEqual([h])
  })

  it('makes a folder again when it was removed under a running server', async () => {
    const store = fileMediaStore(root)
    const a = sha256Hex(bytes(2))
    await store.put(a, bytes(2))
    rmSync(join(root, a.slice(0, 2)), { recursive: true })
    await store.put(a, bytes(2))
    expect(await store.get(a)).toEqual(bytes(2))
  })

  it('refuses a name that is not a hash', async () => {
    await expect(fileMediaStore(root).put('../escape', bytes(3))).rejects.toThrow('invalid media hash')
  })
})
