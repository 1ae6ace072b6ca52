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

  it('serves plain http by default; HTTPS=local adds the setup page on PORT+1 unless SETUP_PORT says otherwise', () => {
    expect(parseEnv({})).toMatchObject({ TLS_MODE: 'off', SETUP_PORT: 0, TLS_EXTRA_NAMES: [] })
    expect(parseEnv({ HTTPS: 'off' })).toMatchObject({ TLS_MODE: 'off', SETUP_PORT: 0 })
    expect(parseEnv({ HTTPS: 'local' })).toMatchObject({ TLS_MODE: 'local', SETUP_PORT: 8788 })
    expect(parseEnv({ HTTPS: 'local', PORT: '9443', SETUP_PORT: '0' })).toMatchObject({ TLS_MODE: 'local', SETUP_PORT: 0 })
    expect(parseEnv({ HTTPS: 'local', SETUP_PORT: '8080' }).SETUP_PORT).toBe(8080)
    expect(parseEnv({ TLS_CERT_FILE: 'a.crt', TLS_KEY_FILE: 'a.key' })).toMatchObject({ TLS_MODE: 'files', SETUP_PORT: 0 })
    expect(parseEnv({ HTTPS: 'local', TLS_EXTRA_NAMES: 'Lastmile.Test, 10.0.0.5,fd00::1' }).TLS_EXTRA_NAMES).toEqual(['lastmile.test', '10.0.0.5', 'fd00::1'])
  })

  it('names the https setting that is wrong', () => {
    expect(() => parseEnv({ HTTPS: 'on' })).toThrow(/HTTPS: must be local or off/)
    expect(() => parseEnv({ TLS_CERT_FILE: 'a.crt' })).toThrow(/TLS_KEY_FILE: is required/)
    expect(() => parseEnv({ TLS_KEY_FILE: 'a.key' })).toThrow(/TLS_CERT_FILE: is required/)
    expect(() => parseEnv({ HTTPS: 'local', TLS_CERT_FILE: 'a.crt', TLS_KEY_FILE: 'a.key' })).toThrow(/HTTPS: must be unset when TLS_CERT_FILE/)
    expect(() => parseEnv({ HTTPS: 'local', SETUP_PORT: '8787' })).toThrow(/SETUP_PORT: must differ from PORT/)
    expect(() => parseEnv({ HTTPS: 'local', SETUP_PORT: '70000' })).toThrow(/SETUP_PORT/)
    expect(() => parseEnv({ HTTPS: 'local', TLS_EXTRA_NAMES: 'ok.test, bad name!' })).toThrow(/TLS_EXTRA_NAMES: not a host name or IP address: bad name!/)
  })
})
