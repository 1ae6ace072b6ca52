import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env.ts'

describe('environment', () => {
  it('has working defaults: port 8787, SQLite under ./data, demo seeding, OSM basemap', () => {
    const env = parseEnv({})
    expect(env.PORT).toBe(8787)
    expect(env.DATABASE_URL).toMatch(/data\/lastmile\.db$/)
    expect(env.SEED_DEMO).toBe(true)
    expect(env.BASEMAP).toBe('osm')
  })

  it('reads overrides and booleans', () => {
    const env = parseEnv({ PORT: '9000', SEED_DEMO: '0', DATABASE_URL: 'postgres://u@h/db', BASEMAP: 'local' })
    expect(env).toMatchObject({ PORT: 9000, SEED_DEMO: false, DATABASE_URL: 'postgres://u@h/db', BASEMAP: 'local' })
    expect(parseEnv({}).TRUST_PROXY).toBe(0)
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1)
    expect(parseEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2)
    expect(() => parseEnv({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY/)
  })

  it('stops with a message that names each bad setting', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(EnvError)
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => parseEnv({ BASEMAP: 'google' })).toThrow(/BASEMAP/)
    expect(() => parseEnv({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO/)
    expect(() => parseEnv({ BASEMAP: 'tianditu' })).toThrow(/TIANDITU_KEY/)
  })
})
