// How the server is reached: plain http (the default), https with the local authority (HTTPS=local), or
// https with the organisation's own certificate (TLS_CERT_FILE + TLS_KEY_FILE). Start-up calls this once.
import { join } from 'node:path'
import type { Env } from '../env.ts'
import { ensureLocalCertificate, type LocalCertificate } from './local-ca.ts'
import { certificateNames, networkAddresses, type Interfaces } from './names.ts'
import { loadOwnCertificate } from './own-cert.ts'
import type { SetupOptions } from './setup-server.ts'

export { TlsSetupError } from './local-ca.ts'

export interface HttpsPlan {
  /** For https.createServer; absent for plain http. */
  serverOptions?: { key: string | Buffer; cert: string | Buffer }
  local?: LocalCertificate
  /** The setup page's settings when it runs (HTTPS=local and SETUP_PORT not 0). */
  setup?: SetupOptions
  addresses: string[]
  /** What start-up logs about the certificate. */
  log: Record<string, unknown>
}

export function planHttps(env: Env, machine: { hostname: string; interfaces: Interfaces; now: Date }): HttpsPlan {
  const addresses = networkAddresses(machine.interfaces)
  if (env.TLS_MODE === 'files') {
    const own = loadOwnCertificate(env.TLS_CERT_FILE!, env.TLS_KEY_FILE!, machine.now)
    return {
      serverOptions: { key: own.key, cert: own.cert },
      addresses,
      log: { tls: 'files', subject: own.subject, names: own.names, not_after: own.notAfter.toISOString() },
    }
  }
  if (env.TLS_MODE === 'off') return { addresses, log: { tls: 'off' } }
  const names = certificateNames({ hostname: machine.hostname, interfaces: machine.interfaces, extra: env.TLS_EXTRA_NAMES })
  const local = ensureLocalCertificate({ dir: join(env.DATA_DIR, 'tls'), names, hostname: machine.hostname, now: machine.now })
  const fallback = addresses.find((a) => !a.includes(':')) ?? 'localhost'
  return {
    serverOptions: { key: local.key, cert: local.cert },
    local,
    setup: env.SETUP_PORT ? { caDer: local.ca.der, fingerprint: local.ca.sha256, httpsPort: env.PORT, names: local.names, fallbackHost: fallback } : undefined,
    addresses,
    log: {
      tls: 'local',
      issued: local.issued,
      new_authority: local.newAuthority,
      names: [...local.names.dns, ...local.names.ips],
      not_after: local.notAfter.toISOString(),
      ca_sha256: local.ca.sha256,
    },
  }
}
