// TLS_CERT_FILE + TLS_KEY_FILE: an organisation's own certificate. Each file must be readable and the
// key must belong to the certificate; otherwise start-up stops naming the setting to fix.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { TlsSetupError } from './local-ca.ts'

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException
  if (err?.code === 'ENOENT') return 'no such file'
  if (err?.code === 'EACCES') return 'permission denied'
  if (err?.code === 'EISDIR') return 'is a directory'
  return err instanceof Error ? err.message : String(e)
}

function read(variable: string, file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (e) {
    throw new TlsSetupError(`${variable}: cannot read ${file} (${reason(e)})`)
  }
}

export interface OwnCertificate {
  key: Buffer
  cert: Buffer
  subject: string
  notAfter: Date
  names: string
}

export function loadOwnCertificate(certFile: string, keyFile: string, now = new Date()): OwnCertificate {
  const cert = read('TLS_CERT_FILE', certFile)
  const key = read('TLS_KEY_FILE', keyFile)
  let x509: X509Certificate
  try {
    // A chain file (certificate, then intermediates) starts with the server's own certificate.
    x509 = new X509Certificate(cert)
  } catch (e) {
    throw new TlsSetupError(`TLS_CERT_FILE: ${certFile} is not a PEM or DER certificate (${reason(e)})`)
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(key)
  } catch (e) {
    throw new TlsSetupError(`TLS_KEY_FILE: ${keyFile} is not an unencrypted PEM private key (${reason(e)})`)
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new TlsSetupError(`TLS_KEY_FILE: the key in ${keyFile} does not match the certificate in TLS_CERT_FILE (${certFile})`)
  }
  const notAfter = new Date(x509.validTo)
  if (notAfter.getTime() <= now.getTime()) {
    throw new TlsSetupError(`TLS_CERT_FILE: the certificate in ${certFile} expired on ${notAfter.toISOString()}`)
  }
  return { key, cert, subject: x509.subject, notAfter, names: x509.subjectAltName ?? '' }
}
