// The only reader of process.env: every setting is parsed and checked once, at start-up, and a bad
// one stops the server with a message that names it.
import { resolve } from 'node:path'
import { z } from 'zod'
import { ROLES, type Role } from '#domain/auth.ts'

const bool = z.enum(['0', '1', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes')

export const BASEMAPS = ['osm', 'tianditu', 'amap', 'local'] as const
/** Presets an operator may open to offline map areas; `local` always is, `osm` never. */
export const OFFLINE_AREA_PRESETS = ['tianditu', 'amap'] as const

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
    MBTILES_FILE: z.string().default('tiles.mbtiles'),
    // Basemap presets besides `local` whose tiles devices may save as offline map areas
    // (comma-separated: tianditu, amap; or none). OSM's tile usage policy forbids bulk downloading.
    OFFLINE_AREAS: z
      .string()
      .default('none')
      .transform((v, ctx) => {
        const list =
          v.trim() === 'none'
            ? []
            : v
                .split(',')
                .map((p) => p.trim())
                .filter(Boolean)
        if (list.includes('osm'))
          ctx.addIssue({ code: 'custom', message: 'osm cannot be listed: the OpenStreetMap tile usage policy forbids bulk downloading' })
        const bad = list.filter((p) => p !== 'osm' && !OFFLINE_AREA_PRESETS.includes(p as (typeof OFFLINE_AREA_PRESETS)[number]))
        if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown preset ${bad.join(', ')} (allowed: ${OFFLINE_AREA_PRESETS.join(', ')}, or none)` })
        return list as (typeof OFFLINE_AREA_PRESETS)[number][]
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
    TOTP_REQUIRED_ROLES: z
      .string()
      .default('coordinator,admin')
      .transform((v, ctx) => {
        const list =
          v.trim() === 'none'
            ? []
            : v
                .split(',')
                .map((r) => r.trim())
                .filter(Boolean)
        const bad = list.filter((r) => !(ROLES as readonly string[]).includes(r))
        if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown role ${bad.join(', ')} (roles: ${ROLES.join(', ')}, or none)` })
        return list as Role[]
      }),
    TRUST_PROXY: bool.default(false),
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
    S3_PREFIX: z
      .string()
      .regex(/^([\w.-]+\/)*$/, { message: 'must be empty or end with / (e.g. media/)' })
      .default(''),
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
  })

export type Env = z.infer<typeof EnvSchema> & { DATABASE_URL: string }

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  return { ...env, DATABASE_URL: env.DATABASE_URL ?? resolve(env.DATA_DIR, 'lastmile.db') }
}

export function loadEnv(): Env {
  return parseEnv(process.env)
}

/** For the test harness only: the PostgreSQL server on which each API test makes its own database. */
export function testDatabaseAdminUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined
}
