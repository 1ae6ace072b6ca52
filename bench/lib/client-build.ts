// Builds what the browser figures need, once per run: the real app (project Vite config + manifest) into
// a temporary directory, and the bench page. Keeps what each output chunk is made of, by package, so the
// bundle figure can say what holds a route back.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { benchAppConfig } from '../vite.bench.config.ts'
import { benchPageConfig } from '../page/vite.page.config.ts'

export interface ChunkMakeup {
  /** package name (or `app:<dir>`) → rendered bytes in this chunk, before minification is not counted. */
  parts: Record<string, number>
}

export interface ClientBuild {
  appDir: string
  pageDir: string
  appMs: number
  /** Output file name → what it contains. */
  chunks: Map<string, ChunkMakeup>
}

interface OutputChunkLike {
  type: string
  fileName: string
  modules?: Record<string, { renderedLength: number }>
}

export function ownerOf(id: string): string {
  const clean = id.replace(/\?.*$/, '').replace(/^\0/, '')
  const nm = clean.lastIndexOf('/node_modules/')
  if (nm >= 0) {
    const rest = clean.slice(nm + '/node_modules/'.length).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  const m = /\/(client|api)\/([^/]+)/.exec(clean)
  return m ? `${m[1]}/${m[2]}` : 'other'
}

function makeup(outputs: unknown): Map<string, ChunkMakeup> {
  const chunks = new Map<string, ChunkMakeup>()
  const list = (Array.isArray(outputs) ? outputs : [outputs]) as { output?: OutputChunkLike[] }[]
  for (const o of list) {
    for (const c of o.output ?? []) {
      if (c.type !== 'chunk' || !c.modules) continue
      const parts: Record<string, number> = {}
      for (const [id, m] of Object.entries(c.modules)) parts[ownerOf(id)] = (parts[ownerOf(id)] ?? 0) + m.renderedLength
      chunks.set(c.fileName, { parts })
    }
  }
  return chunks
}

export async function buildClient(): Promise<ClientBuild> {
  const appDir = mkdtempSync(join(tmpdir(), 'lastmile-bench-dist-'))
  const pageDir = mkdtempSync(join(tmpdir(), 'lastmile-bench-page-'))
  const t0 = performance.now()
  const out = await build(benchAppConfig(appDir))
  const appMs = performance.now() - t0
  await build(benchPageConfig(pageDir))
  return { appDir, pageDir, appMs, chunks: makeup(out) }
}
