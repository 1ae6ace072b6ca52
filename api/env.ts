// The only reader of process.env: every setting is parsed and checked once, at start-up, and a bad
// one stops the server with a message that names it.
import { resolve } from 'node:path'
import { z } from 'zod'
import { ROLES } from '#domain/auth.ts'

const bool = z.enum(['0', '1', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes')

export const BASEMAPS = ['osm', 'tianditu', 'amap', 'local'] as const
/** Presets an operator may open to offline map areas; `local` always is, `osm` never. */
export const OFFLINE_AREA_PRESETS = ['tianditu', 'amap'] as const

/** A DNS name or an IPv4/IPv6 address a certificate may name. */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i
const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i

const splitList = (v: string): string[] =>
  v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)

// A comma-separated list of known words (or `none`); `refused` names words that are known but never
// allowed, with the reason given for them.
function listOf<const T extends string>(allowed: readonly T[], noun: string, fallback: string, refused: Record<string, string> = {}) {
  return z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const list = v.trim() === 'none' ? [] : splitList(v)
      for (const word of list) if (refused[word]) ctx.addIssue({ code: 'custom', message: refused[word] })
      const bad = list.filter((w) => !refused[w] && !(allowed as readonly string[]).includes(w))
      if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown ${noun} ${bad.join(', ')} (allowed: ${allowed.join(', ')}, or none)` })
      return list as T[]
    })
}

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(1).max(65535).default(8787),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z.string().min(1).optional(),
    SEED_DEMO: bool.default(true),
    BASEMAP: z.enum(BASEMAPS).default('osm'),
    TILE_URL: z.string().url().optional(),
    TIANDITU_KEY: z.string().optional(),
    // The label layer over the base tiles (天地图: its 注记 layer by default); 'none' hides it.
    TILE_LABELS_URL: z.union([z.literal('none'), z.string().url()]).optional(),
    MBTILES_FILE: z.string().default('tiles.mbtiles'),
    // Basemap presets besides `local` whose tiles devices may save as offline map areas
    // (comma-separated: tianditu, amap; or none). OSM's tile usage policy forbids bulk downloading.
    OFFLINE_AREAS: listOf(OFFLINE_AREA_PRESETS, 'preset', 'none', {
      osm: 'osm cannot be listed: the OpenStreetMap tile usage policy forbids bulk downloading',
    }),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .default(8 * 60),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(7 * 24),
    // Roles that must pass a TOTP second factor at sign-in (comma-separated, or `none`).
    TOTP_REQUIRED_ROLES: listOf(ROLES, 'role', 'coordinator,admin'),
    // Reverse proxies in front of the API whose X-Forwarded-* headers count: 0 (none), 1 (one nginx), n.
    // `true`/`yes` mean 1. The client address is the one the outermost trusted proxy added.
    TRUST_PROXY: z
      .string()
      .default('0')
      .transform((v, ctx) => {
        const t = v.trim().toLowerCase()
        if (t === 'true' || t === 'yes') return 1
        if (t === 'false' || t === 'no') return 0
        if (!/^\d{1,2}$/.test(t)) ctx.addIssue({ code: 'custom', message: 'must be the number of trusted proxies (0, 1, 2…) or true/false' })
        return Number(t) || 0
      }),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    CLIENT_DIST: z.string().default('./dist'),
    GPS_ACCURACY_THRESHOLD_M: z.coerce.number().min(1).max(1000).default(30),
    // Write throttling per signed-in user and per IP (api/security/write-throttle.ts), per window.
    WRITE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(600),
    WRITE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(1200),
    WRITE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    // City scale (docs/deploy.md): pool size per API process on PostgreSQL, and where photos live.
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    MEDIA_STORE: z.enum(['fs', 's3']).default('fs'),
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'is not a valid bucket name' })
      .optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    // HTTPS (api/tls/): `local` makes and keeps a local certificate authority in DATA_DIR/tls; an
    // organisation's own certificate comes from TLS_CERT_FILE + TLS_KEY_FILE instead.
    HTTPS: z.enum(['local', 'off'], { message: 'must be local or off' }).optional(),
    TLS_CERT_FILE: z.string().min(1).optional(),
    TLS_KEY_FILE: z.string().min(1).optional(),
    // Extra names for the local certificate (comma-separated DNS names or IP addresses).
    TLS_EXTRA_NAMES: z
      .string()
      .default('')
      .transform((v, ctx) => {
        const list = splitList(v).map((n) => n.toLowerCase())
        const bad = list.filter((n) => !HOST_NAME.test(n) && !IP_ADDRESS.test(n))
        if (bad.length) ctx.addIssue({ code: 'custom', message: `not a host name or IP address: ${bad.join(', ')}` })
        return list
      }),
    // The plain-http setup page (CA download) while HTTPS=local; default PORT+1, 0 turns it off.
    SETUP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    S3_PREFIX: z
      .string()
      .regex(/^([\w.-]+\/)*$/, { message: 'must be empty or end with / (e.g. media/)' })
      .default(''),
    // Open311 POSTs (anonymous clients with an api_key) allowed per key and per address, per WRITE_LIMIT_WINDOW_SECONDS.
    OPEN311_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(120),
    OPEN311_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
    // Residents' reports (no sign-in): the HMAC key that signs proof-of-work challenges and keys the
    // device/address hashes (at least 32 characters; without it each process makes a random one, so set it
    // when several API processes serve one site), the challenge's work (the largest number the solver may
    // have to try), and how many reports one device and one address may send per RESIDENT_LIMIT_WINDOW_HOURS.
    RESIDENT_POW_HMAC_KEY: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    RESIDENT_POW_MAX_NUMBER: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
    RESIDENT_LIMIT_PER_DEVICE: z.coerce.number().int().min(1).default(5),
    RESIDENT_LIMIT_PER_IP: z.coerce.number().int().min(1).default(20),
    RESIDENT_LIMIT_WINDOW_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24),
    // The license terms of the public GBFS feed (system_information.license_url).
    GBFS_LICENSE_URL: z.url({ protocol: /^https?$/ }).default('https://creativecommons.org/licenses/by/4.0/'),
  })
  .superRefine((env, ctx) => {
    if (env.BASEMAP === 'tianditu' && !env.TIANDITU_KEY) {
      ctx.addIssue({ code: 'custom', path: ['TIANDITU_KEY'], message: 'is required when BASEMAP=tianditu' })
    }
    if (env.MEDIA_STORE === 's3') {
      for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when MEDIA_STORE=s3' })
      }
    }
    if (!!env.TLS_CERT_FILE !== !!env.TLS_KEY_FILE) {
      const missing = env.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'
      ctx.addIssue({ code: 'custom', path: [missing], message: 'is required with TLS_CERT_FILE / TLS_KEY_FILE (the certificate and its key)' })
    }
    if (env.TLS_CERT_FILE && env.HTTPS) {
      ctx.addIssue({
        code: 'custom',
        path: ['HTTPS'],
        message: `must be unset when TLS_CERT_FILE is given (HTTPS=${env.HTTPS} and an own certificate exclude each other)`,
      })
    }
    if (env.SETUP_PORT && env.SETUP_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['SETUP_PORT'], message: `must differ from PORT (${env.PORT})` })
    }
  })

export type Env = Omit<z.infer<typeof EnvSchema>, 'SETUP_PORT'> & {
  DATABASE_URL: string
  /** How the app is served: plain http, https with the local CA, or https with TLS_CERT_FILE/TLS_KEY_FILE. */
  TLS_MODE: 'off' | 'local' | 'files'
  /** The setup page's port; 0 when there is none (only HTTPS=local has one). */
  SETUP_PORT: number
}

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  const TLS_MODE = env.TLS_CERT_FILE ? 'files' : env.HTTPS === 'local' ? 'local' : 'off'
  const SETUP_PORT = TLS_MODE === 'local' ? (env.SETUP_PORT ?? (env.PORT < 65535 ? env.PORT + 1 : 0)) : 0
  return { ...env, DATABASE_URL: env.DATABASE_URL ?? resolve(env.DATA_DIR, 'lastmile.db'), TLS_MODE, SETUP_PORT }
}

export function loadEnv(): Env {
  return parseEnv(process.env)
}

/** For the test harness only: the PostgreSQL server on which each API test makes its own database. */
export function testDatabaseAdminUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined
}
