// What the app shell (client/main.ts and everything it imports statically) builds before the first page
// paints: the session's own schemas, not the account contracts (auth.ts, with its password rules) nor
// the deployment settings' schema, which the pages and stores that need them import.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Files client/main.ts imports statically, directly or through others (type-only imports left out). */
function shellModules(): Set<string> {
  const seen = new Set<string>()
  const walk = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return
    seen.add(file)
    let src = readFileSync(file, 'utf8')
    if (file.endsWith('.vue')) src = (src.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? []).join('\n')
    for (const m of src.matchAll(/^\s*(?:import|export)\s+(?!type\b)([^'";]*?)\s*from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
      if (m[1] && /^\{(\s*type\s+\w+\s*,?)*\s*\}$/.test(m[1])) continue
      const spec = m[2] ?? m[3]!
      if (spec.startsWith('#domain/')) walk(resolve(ROOT, 'api/domain', spec.slice('#domain/'.length)))
      else if (spec.startsWith('.')) walk(resolve(dirname(file), spec))
    }
  }
  walk(resolve(ROOT, 'client/main.ts'))
  return new Set([...seen].map((f) => relative(ROOT, f)))
}

describe('the app shell', () => {
  const shell = shellModules()

  it('reaches the session store, its identity schemas and the roles', () => {
    expect(shell).toContain('client/stores/session.ts')
    expect(shell).toContain('api/domain/identity.ts')
    expect(shell).toContain('api/domain/roles.ts')
  })

  it('does not build the account contracts, their password rules or the deployment settings', () => {
    expect(shell).not.toContain('api/domain/auth.ts')
    expect(shell).not.toContain('api/domain/common-passwords.ts')
    expect(shell).not.toContain('api/domain/config.ts')
    expect(shell).not.toContain('client/stores/config.ts')
  })
})
