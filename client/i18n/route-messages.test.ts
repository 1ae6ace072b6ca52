// Messages load by group (client/i18n/groups.ts): the shell has only common.ts in zh-CN, and each route
// names the groups its page uses (`meta.messages`). These tests read the source: every key a page, or a
// part the shell loads with withMessages, could show has its group loaded with it, and the shell's
// first load imports no other file of messages.
import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { routeTable } from '../../build/route-preloads.ts'
import common from './zh-CN/common.ts'
import all from './zh-CN/index.ts'
import { GROUP_FILES, LAZY_GROUPS } from './groups.ts'

const CLIENT = fileURLToPath(new URL('..', import.meta.url))
const I18N = join(CLIENT, 'i18n')
const SHELL_GROUPS = new Set(Object.keys(common))
const ALL_GROUPS = new Set(Object.keys(all))
const ROUTE_FILE = /(^|[-/])routes?\.ts$/

interface Imports {
  static: string[]
  dynamic: string[]
  /** `withMessages([groups], () => import('…'))`: a part that loads its own groups. */
  withMessages: { file: string; groups: string[] }[]
}

function read(file: string) {
  return readFileSync(file, 'utf8')
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined
  return resolve(dirname(from), spec)
}

function importsOf(file: string): Imports {
  const src = read(file)
  const wrapped = [...src.matchAll(/withMessages\(\s*\[([^\]]*)\],\s*\(\)\s*=>\s*import\('([^']+)'\)/g)].map((m) => ({
    file: resolveImport(file, m[2]!)!,
    groups: [...m[1]!.matchAll(/'([^']+)'/g)].map((g) => g[1]!),
  }))
  const statics = [...src.matchAll(/^\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?'([^']+)'/gm)].map((m) => m[1]!)
  const dynamics = [...src.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!)
  const local = (specs: string[]) => specs.flatMap((s) => resolveImport(file, s) ?? []).filter((f) => /\.(ts|vue)$/.test(f))
  const wrappedFiles = new Set(wrapped.map((w) => w.file))
  return { static: local(statics), dynamic: local(dynamics).filter((f) => !wrappedFiles.has(f)), withMessages: wrapped }
}

/** Every group a file and what it imports (statically, and lazily unless `dynamic` is false) name in a key. */
function groupsUsed(start: string, dynamic: boolean): { groups: Map<string, string>; files: Set<string>; parts: Imports['withMessages'] } {
  const groups = new Map<string, string>()
  const files = new Set<string>()
  const parts: Imports['withMessages'] = []
  const walk = (file: string) => {
    if (files.has(file) || !file.startsWith(CLIENT)) return
    files.add(file)
    // The messages themselves, and the route tables (titles and nav labels load with their routes).
    if (!file.startsWith(I18N) && !ROUTE_FILE.test(file)) {
      for (const m of read(file).matchAll(/['"`]([a-zA-Z]+)\.[a-zA-Z0-9_$]/g))
        if (ALL_GROUPS.has(m[1]!) && !groups.has(m[1]!)) groups.set(m[1]!, relative(CLIENT, file))
    }
    const imports = importsOf(file)
    parts.push(...imports.withMessages)
    imports.static.forEach(walk)
    if (dynamic) imports.dynamic.forEach(walk)
  }
  walk(start)
  return { groups, files, parts }
}

/** Groups used but neither the shell's nor loaded, with the file that uses each. */
function missing(used: Map<string, string>, loaded: Iterable<string>): string[] {
  const have = new Set([...SHELL_GROUPS, ...loaded])
  return [...used].filter(([g]) => !have.has(g)).map(([g, f]) => `${g} (${f})`)
}

describe('messages by route', () => {
  const routes = routeTable(CLIENT)

  it('maps every group but the shell’s to the file that holds it', async () => {
    expect(new Set([...SHELL_GROUPS, ...LAZY_GROUPS])).toEqual(ALL_GROUPS)
    for (const [group, file] of Object.entries(GROUP_FILES)) {
      const { default: messages } = (await import(`./zh-CN/${file}.ts`)) as { default: object }
      expect(Object.keys(messages), `${group} in zh-CN/${file}.ts`).toContain(group)
    }
  })

  it('has every route name the groups its page uses', () => {
    expect(routes.length).toBeGreaterThan(40)
    const problems: string[] = []
    for (const r of routes) {
      if (!r.messages) {
        problems.push(`${r.path}: no meta.messages`)
        continue
      }
      for (const g of r.messages) if (!LAZY_GROUPS.includes(g as never)) problems.push(`${r.path}: ${g} is not a lazy group`)
      const { groups } = groupsUsed(r.component, true)
      const lacking = missing(groups, r.messages)
      if (lacking.length) problems.push(`${r.path}: ${lacking.join(', ')}`)
    }
    expect(problems).toEqual([])
  })

  it('loads the groups of the shell’s lazy parts with them', () => {
    const { parts } = groupsUsed(join(CLIENT, 'main.ts'), false)
    expect(parts.length).toBeGreaterThan(0)
    const problems = parts.flatMap((p) => missing(groupsUsed(p.file, true).groups, p.groups).map((m) => `${relative(CLIENT, p.file)}: ${m}`))
    expect(problems).toEqual([])
  })

  it('keeps the shell to its own messages', () => {
    const { groups, files } = groupsUsed(join(CLIENT, 'main.ts'), false)
    expect(missing(groups, [])).toEqual([])
    // No file of messages but zh-CN/common.ts is in the first load: the others are chunks of their own.
    const messageFiles = [...files].filter((f) => /\/i18n\/(zh-CN|en)\//.test(f)).map((f) => relative(I18N, f))
    expect(messageFiles).toEqual(['zh-CN/common.ts'])
  })
})
