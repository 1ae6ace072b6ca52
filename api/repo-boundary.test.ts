// A clone stands alone: no source, test or config file refers to a path outside the repository (a
// sibling folder, an absolute path on one machine, or a relative path that climbs above the root).
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SKIP_DIRS = new Set(['node_modules', 'dist', 'dev-dist', 'data', '.git', '.e2e', 'test-results', 'playwright-report', 'coverage'])
const CHECKED = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.vue', '.json', '.html', '.css', '.yml', '.yaml'])
const SKIP_FILES = new Set(['package-lock.json'])
const SELF = fileURLToPath(import.meta.url)
/** Vite resolves its config's paths against its own root (root: 'client'), not the config file's folder. */
const BASE_DIR: Record<string, string> = { 'vite.config.ts': 'client' }

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* files(join(dir, e.name))
    } else if (CHECKED.has(extname(e.name)) && !SKIP_FILES.has(e.name) && join(dir, e.name) !== SELF) yield join(dir, e.name)
  }
}

// Built from parts so this file does not match itself.
const SIBLING = new RegExp(['\\.\\.', 'shared'].join('/'))
const MACHINE_PATH = new RegExp(`(?<![\\w.])/(${['work', 'home', 'Users', 'root'].join('|')})/[\\w.-]+`)
/** Quoted relative paths: './x', '../x', "../../x" (imports, new URL(..., import.meta.url), join(), config). */
const RELATIVE = /(['"`])(\.{1,2}\/[^'"`\s$]*)\1/g

/** Every problem in one file's text, as "line: reason". */
export function boundaryProblems(file: string, text: string, root = ROOT): string[] {
  const problems: string[] = []
  const base = join(root, BASE_DIR[relative(root, file)] ?? relative(root, dirname(file)))
  const lines = text.split('\n')
  lines.forEach((line, i) => {
    if (SIBLING.test(line)) problems.push(`${i + 1}: refers to a sibling folder of the repository`)
    if (MACHINE_PATH.test(line)) problems.push(`${i + 1}: absolute path of one machine (${MACHINE_PATH.exec(line)![0]})`)
    for (const m of line.matchAll(RELATIVE)) {
      const target = resolve(base, m[2]!)
      const rel = relative(root, target)
      if (rel === '..' || rel.startsWith(`..${sep}`)) problems.push(`${i + 1}: ${m[2]} climbs above the repository root`)
    }
  })
  return problems
}

describe('a clone stands alone', () => {
  it('no source, test or config file refers to a path outside the repository', () => {
    const found: string[] = []
    let checked = 0
    for (const file of files(ROOT)) {
      checked++
      for (const p of boundaryProblems(file, readFileSync(file, 'utf8'))) found.push(`${relative(ROOT, file)}:${p}`)
    }
    expect(checked).toBeGreaterThan(100)
    expect(found).toEqual([])
  })

  it('catches what it is meant to catch', () => {
    const file = join(ROOT, 'api', 'modules', 'patrol', 'gbfs', 'gbfs.test.ts')
    const sibling = ['..', '..', '..', '..', '..', 'shared', 'standards'].join('/')
    expect(boundaryProblems(file, `const S = new URL('${sibling}/', import.meta.url)`)).toHaveLength(2)
    expect(boundaryProblems(file, `import x from '${['..', '..', '..', '..', '..', 'x.ts'].join('/')}'`)).toEqual([
      expect.stringMatching(/climbs above the repository root/),
    ])
    expect(boundaryProblems(file, `const dir = '/${'work'}/main/data'`)).toEqual([expect.stringMatching(/absolute path of one machine/)])
    // Inside the repository is fine, however deep the climb.
    expect(boundaryProblems(file, `import { a } from '../../../../domain/x.ts'`)).toEqual([])
    expect(boundaryProblems(join(ROOT, 'vite.config.ts'), `root: './client'`)).toEqual([])
  })
})
