// Payloads for the fuzz test: a plausible example built from each operation's OpenAPI request schema,
// and fast-check arbitraries that break it (wrong types, missing/extra keys, huge or odd strings, deep nesting).
import fc from 'fast-check'
import { uuidv7 } from '#domain/ids.ts'

export type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  minimum?: number
  maximum?: number
  minLength?: number
  minItems?: number
  format?: string
  pattern?: string
  default?: unknown
}

const UUID_PATTERN = /\[0-9a-f\]\{8\}/

/** A value that satisfies the schema where that is cheap to know; names guide what plain strings hold. */
export function exampleOf(s: JsonSchema, name = ''): unknown {
  if (s.const !== undefined) return s.const
  if (s.enum?.length) return s.enum[0]
  if (s.default !== undefined && s.type !== 'object') return s.default
  const variants = s.anyOf ?? s.oneOf
  if (variants?.length) return exampleOf(variants.find((v) => v.type !== 'null') ?? variants[0]!, name)
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((p) => exampleOf(p, name)))
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = exampleOf(v, k)
      return out
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => exampleOf(s.items ?? {}, name))
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1))
    case 'boolean':
      return true
    case 'string':
      return stringFor(s, name)
    default:
      return null
  }
}

function stringFor(s: JsonSchema, name: string): string {
  if (s.pattern && UUID_PATTERN.test(s.pattern)) return uuidv7()
  if (s.format === 'date-time') return '2026-12-02T02:00:00.000Z'
  if (s.format === 'date' || /date|day$/.test(name)) return '2026-12-07'
  if (/week/.test(name)) return '2026-W50'
  if (/time/.test(name)) return '09:00'
  if (/phone/.test(name)) return '13800138000'
  if (/community/.test(name)) return 'jiulongshan'
  if (/password/.test(name)) return 'a-Long-and-unusual-pass-42'
  return 'x'.repeat(Math.max(1, s.minLength ?? 1))
}

type Path = (string | number)[]

/** Every path into a JSON value (the root is []). */
export function pathsOf(v: unknown, at: Path = []): Path[] {
  const out: Path[] = [at]
  // Stop inside the deliberately deep values: the interesting paths are the schema's own.
  if (at.length > 8) return out
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...at, i])))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...at, k]))
  return out
}

function deep(depth: number): unknown {
  let v: unknown = 1
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v]
  return v
}

/** Replacements that a sloppy handler might not expect. */
export const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    -1e308,
    1e308,
    2 ** 53 + 1,
    0.5,
    -0.000001,
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '0x10',
    [],
    {},
    [[]],
    '\u0000',
    '\ud800',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; drop table users; --",
    '2026-02-30',
    '2026-W99',
    '9999-12-31T23:59:59Z',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.double(),
  fc.nat({ max: 3 }).map((k) => ['x', '中', '😀', '\u202e'][k]!.repeat(20_000 + k)),
  fc.integer({ min: 50, max: 1000 }).map(deep),
  fc.jsonValue({ maxDepth: 3 }),
)

const POLLUTION = ['__proto__', 'constructor', 'prototype']

type Mutation =
  { kind: 'replace'; pick: number; value: unknown } | { kind: 'delete'; pick: number } | { kind: 'extra'; pick: number; key: string; value: unknown }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: nasty }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      pick: fc.nat(),
      key: fc.oneof(fc.constantFrom(...POLLUTION), fc.string({ maxLength: 8 })),
      value: nasty,
    }),
  },
)

/** Applies mutations to a copy; keys like __proto__ become own properties (as JSON.parse makes them). */
export function mutate(example: unknown, muts: Mutation[]): unknown {
  let root: unknown = structuredClone(example)
  for (const m of muts) {
    const paths = pathsOf(root)
    const path = paths[m.pick % paths.length]!
    const parent = path.length ? get(root, path.slice(0, -1)) : undefined
    const last = path[path.length - 1]
    const target = get(root, path)
    if (m.kind === 'replace') {
      if (!path.length) root = m.value
      else set(parent, last!, m.value)
    } else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1)
      else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last as string]
    } else if (target && typeof target === 'object' && !Array.isArray(target)) {
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true })
    }
  }
  return root
}

function get(v: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)?.[k], v)
}

function set(parent: unknown, key: string | number, value: unknown) {
  if (parent && typeof parent === 'object') Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true })
}

/** A request body: the valid example, a mutated example, or anything at all. */
export function bodies(example: unknown): fc.Arbitrary<{ how: string; body: string }> {
  const text = (v: unknown) => JSON.stringify(v) ?? 'null'
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({ how: 'example', body: text(example) }) },
    { weight: 12, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => ({ how: 'mutated', body: text(mutate(example, ms)) })) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ how: 'random', body: text(v) })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => ({ how: 'not json', body: s })) },
  )
}
