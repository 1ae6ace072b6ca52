// Bad certificate settings stop start-up with a message naming the setting: the loader directly, and
// the real entry point as a process (exit code 2, nothing listening).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseEnv, testDatabaseAdminUrl } from '../env.ts'
import { ensureLocalCertificate, TlsSetupError } from './local-ca.ts'
import { certificateNames } from './names.ts'
import { loadOwnCertificate } from './own-cert.ts'
import { planHttps } from './https.ts'

const dir = mkdtempSync(join(tmpdir(), 'lastmile-owncert-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const names = certificateNames({ hostname: 'org', interfaces: {} })
const a = ensureLocalCertificate({ dir: join(dir, 'a'), names, hostname: 'org', now: new Date() })
const b = ensureLocalCertificate({ dir: join(dir, 'b'), names, hostname: 'org', now: new Date() })
const certFile = join(dir, 'a.crt')
const keyFile = join(dir, 'a.key')
const otherKey = join(dir, 'b.key')
const garbage = join(dir, 'garbage.pem')
writeFileSync(certFile, a.cert)
writeFileSync(keyFile, a.key)
writeFileSync(otherKey, b.key)
writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n')

describe('an own certificate (TLS_CERT_FILE + TLS_KEY_FILE)', () => {
  it('loads a matching pair', () => {
    const own = loadOwnCertificate(certFile, keyFile)
    expect(own.names).toContain('DNS:localhost')
  })

  it('names the setting when a file is missing, not a certificate or key, or the key does not match', () => {
    expect(() => loadOwnCertificate(join(dir, 'nope.crt'), keyFile)).toThrow(/^TLS_CERT_FILE: cannot read .*nope\.crt \(no such file\)/)
    expect(() => loadOwnCertificate(certFile, join(dir, 'nope.key'))).toThrow(/^TLS_KEY_FILE: cannot read/)
    expect(() => loadOwnCertificate(dir, keyFile)).toThrow(/^TLS_CERT_FILE: cannot read .*is a directory/)
    expect(() => loadOwnCertificate(garbage, keyFile)).toThrow(/^TLS_CERT_FILE: .* is not a PEM or DER certificate/)
    expect(() => loadOwnCertificate(certFile, garbage)).toThrow(/^TLS_KEY_FILE: .* is not an unencrypted PEM private key/)
    expect(() => loadOwnCertificate(certFile, otherKey)).toThrow(TlsSetupError)
    expect(() => loadOwnCertificate(certFile, otherKey)).toThrow(/^TLS_KEY_FILE: the key in .*b\.key does not match the certificate in TLS_CERT_FILE/)
    expect(() => loadOwnCertificate(certFile, keyFile, new Date(Date.now() + 800 * 24 * 3600 * 1000))).toThrow(/^TLS_CERT_FILE: .* expired/)
  })

  it('is what planHttps serves when the settings name it', () => {
    const plan = planHttps(parseEnv({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, DATA_DIR: dir }), { hostname: 'org', interfaces: {}, now: new Date() })
    expect(plan.serverOptions?.cert.toString()).toBe(a.cert)
    expect(plan.setup).toBeUndefined()
  })
})

// Start-up stops on the certificate before it opens a database: the PostgreSQL run of the suite would
// repeat the same processes, so it skips them.
describe.skipIf(Boolean(testDatabaseAdminUrl()))('start-up', () => {
  it('stops with exit code 2 and the setting named when the key does not match the certificate', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'api/index.ts'], {
      env: { ...process.env, TLS_CERT_FILE: certFile, TLS_KEY_FILE: otherKey, DATA_DIR: join(dir, 'data'), PORT: '1', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 90_000,
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/TLS_KEY_FILE: the key in .* does not match the certificate in TLS_CERT_FILE/)
  }, 120_000)

  it('stops naming TLS_CERT_FILE when the certificate file is missing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'api/index.ts'], {
      env: { ...process.env, TLS_CERT_FILE: join(dir, 'missing.crt'), TLS_KEY_FILE: keyFile, DATA_DIR: join(dir, 'data'), PORT: '1', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 90_000,
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/TLS_CERT_FILE: cannot read .*missing\.crt/)
  }, 120_000)
})
