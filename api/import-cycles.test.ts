// No import cycles in the server: a module that needs another's code imports it one way only (a cycle
// makes load order decide what is undefined). Type-only imports are erased and do not count.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const API = dirname(fileURLToPath(import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : []
  })
}

/** Runtime imports and re-exports of one file, as absolute paths (type-only ones left out). */
function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8')
  const out: string[] = []
  const statement = /^(import|export)\s+(type\s+)?([^'";]*?)\s*(?:from\s+)?['"]([^'"]+)['"]/gm
  for (const m of src.matchAll(statement)) {
    const [, kind, typeOnly, clause = '', spec = ''] = m
    if (typeOnly) continue
    if (kind === 'export' && !/\bfrom\b/.test(m[0])) continue
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1]
    if (names !== undefined && names.split(',').every((n) => !n.trim() || n.trim().startsWith('type '))) continue
    if (spec.startsWith('#domain/')) out.push(join(API, 'domain', spec.slice('#domain/'.length)))
    else if (spec.startsWith('.')) out.push(resolve(dirname(file), spec))
  }
  return out
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(relative(API, w))
      } while (w !== v)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return found
}

describe('server imports', () => {
  it('form no cycle', () => {
    const graph = new Map(sources(API).map((f) => [f, runtimeImports(f)]))
    expect(graph.size).toBeGreaterThan(100)
    expect(cycles(graph)).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    const a = join(API, 'a.ts')
    const b = join(API, 'b.ts')
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
          [join(API, 'c.ts'), [a]],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts']])
  })
})
