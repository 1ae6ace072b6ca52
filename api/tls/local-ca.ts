// HTTPS=local: a certificate authority made once and kept in DATA_DIR/tls (phones trust it once), and a
// server certificate it signs for this machine's names, issued again when the names change or expiry nears.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import forge from 'node-forge'
import { canonicalIp, sameNames, type CertificateNames } from './names.ts'

const DAY_MS = 24 * 3600 * 1000
/** Phones refuse server certificates valid for longer than 397 days (Apple, Chrome). */
export const SERVER_DAYS = 396
export const CA_YEARS = 10
/** A certificate with less than this left is issued again at start-up. */
export const RENEW_BEFORE_DAYS = 30

/** caDer is the authority as phones download it (DER, what the setup page serves byte for byte). */
export const FILES = { caKey: 'ca.key', caCert: 'ca.crt', caDer: 'lastmile-ca.crt', key: 'server.key', cert: 'server.crt' } as const

export type RenewReason = 'new' | 'names_changed' | 'expiring' | 'new_authority'

export interface LocalCertificate {
  /** Server key and certificate (PEM) for https.createServer. */
  key: string
  cert: string
  ca: { pem: string; der: Buffer; sha256: string; notAfter: Date; subject: string }
  names: CertificateNames
  notAfter: Date
  /** Why the server certificate was issued at this start, or null when the kept one still fits. */
  issued: RenewReason | null
  /** True when the authority itself was made at this start (phones must trust it again). */
  newAuthority: boolean
}

export class TlsSetupError extends Error {}

/** SHA-256 of the DER certificate as phones and browsers show it: AB:CD:… */
export function fingerprint(der: Buffer): string {
  return createHash('sha256')
    .update(der)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:')
}

/** The base64 SHA-256 of a certificate's public key (SPKI), as Chromium's --ignore-certificate-errors-spki-list takes it. */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(spki).digest('base64')
}

function serial(): string {
  const b = randomBytes(16)
  b[0] = (b[0]! & 0x7f) | 0x01
  return b.toString('hex')
}

function rsaKey(): { pem: string; forge: forge.pki.rsa.PrivateKey; pub: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey
  return { pem, forge: key, pub: forge.pki.setRsaPublicKey(key.n, key.e) }
}

/** Written beside, then renamed: a crash never leaves half a key. */
function writeSecret(file: string, text: string | Buffer, mode: number) {
  const tmp = `${file}.tmp-${process.pid}`
  writeFileSync(tmp, text, { mode })
  chmodSync(tmp, mode)
  renameSync(tmp, file)
}

function makeAuthority(dir: string, hostname: string, now: Date) {
  const key = rsaKey()
  const cert = forge.pki.createCertificate()
  cert.publicKey = key.pub
  cert.serialNumber = serial()
  cert.validity.notBefore = new Date(now.getTime() - 3600_000)
  cert.validity.notAfter = new Date(now.getTime() + CA_YEARS * 365 * DAY_MS)
  const stamp = now.toISOString().slice(0, 10)
  const subject = [
    { name: 'commonName', value: `Lastmile local CA ${hostname} ${stamp}` },
    { name: 'organizationName', value: 'Lastmile' },
  ]
  cert.setSubject(subject)
  cert.setIssuer(subject)
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  cert.sign(key.forge, forge.md.sha256.create())
  writeSecret(join(dir, FILES.caKey), key.pem, 0o600)
  writeSecret(join(dir, FILES.caCert), forge.pki.certificateToPem(cert), 0o644)
}

function issueServer(dir: string, names: CertificateNames, now: Date) {
  const caKey = forge.pki.privateKeyFromPem(readFileSync(join(dir, FILES.caKey), 'utf8'))
  const caCert = forge.pki.certificateFromPem(readFileSync(join(dir, FILES.caCert), 'utf8'))
  const key = rsaKey()
  const cert = forge.pki.createCertificate()
  cert.publicKey = key.pub
  cert.serialNumber = serial()
  cert.validity.notBefore = new Date(now.getTime() - 3600_000)
  cert.validity.notAfter = new Date(now.getTime() + (SERVER_DAYS - 1) * DAY_MS)
  cert.setSubject([{ name: 'commonName', value: names.dns.find((n) => n !== 'localhost') ?? 'localhost' }])
  cert.setIssuer(caCert.subject.attributes)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip: canonicalIp(ip) }))],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ])
  cert.sign(caKey, forge.md.sha256.create())
  writeSecret(join(dir, FILES.key), key.pem, 0o600)
  writeSecret(join(dir, FILES.cert), forge.pki.certificateToPem(cert), 0o644)
}

/** The names a certificate carries, parsed from Node's subjectAltName text. */
export function namesOf(cert: X509Certificate): CertificateNames {
  const dns: string[] = []
  const ips: string[] = []
  for (const part of (cert.subjectAltName ?? '').split(/,\s*/)) {
    if (part.startsWith('DNS:')) dns.push(part.slice(4).toLowerCase())
    else if (part.startsWith('IP Address:')) ips.push(canonicalIp(part.slice(11)))
  }
  return { dns: dns.sort(), ips: ips.sort() }
}

function readAuthority(dir: string): { cert: X509Certificate; pem: string } | null {
  const keyFile = join(dir, FILES.caKey)
  const certFile = join(dir, FILES.caCert)
  if (!existsSync(keyFile) && !existsSync(certFile)) return null
  // A damaged authority is not replaced silently: every phone that trusts it would stop working.
  try {
    const pem = readFileSync(certFile, 'utf8')
    const cert = new X509Certificate(pem)
    if (!cert.checkPrivateKey(createPrivateKey(readFileSync(keyFile)))) throw new Error('the key does not match the certificate')
    return { cert, pem }
  } catch (e) {
    throw new TlsSetupError(
      `HTTPS=local: the local certificate authority in ${dir} cannot be used (${e instanceof Error ? e.message : String(e)}). ` +
        `Restore ${FILES.caKey} and ${FILES.caCert} from a backup, or delete ${dir} to make a new authority (every phone must then trust it again).`,
    )
  }
}

function readServer(dir: string): X509Certificate | null {
  try {
    const cert = new X509Certificate(readFileSync(join(dir, FILES.cert)))
    return cert.checkPrivateKey(createPrivateKey(readFileSync(join(dir, FILES.key)))) ? cert : null
  } catch {
    return null
  }
}

/** Makes (once) or reuses the authority, and (re)issues the server certificate when it no longer fits. */
export function ensureLocalCertificate(opts: { dir: string; names: CertificateNames; hostname: string; now: Date }): LocalCertificate {
  const { dir, names, now } = opts
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  let authority = readAuthority(dir)
  let newAuthority = false
  if (!authority || new Date(authority.cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) {
    makeAuthority(dir, opts.hostname || 'localhost', now)
    authority = readAuthority(dir)!
    newAuthority = true
  }
  const server = readServer(dir)
  let issued: RenewReason | null = null
  if (!server) issued = 'new'
  else if (newAuthority || !server.checkIssued(authority.cert) || !server.verify(authority.cert.publicKey)) issued = 'new_authority'
  else if (!sameNames(namesOf(server), names)) issued = 'names_changed'
  else if (new Date(server.validTo).getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) issued = 'expiring'
  else if (new Date(server.validFrom).getTime() > now.getTime()) issued = 'expiring'
  if (issued) issueServer(dir, names, now)
  const cert = readFileSync(join(dir, FILES.cert), 'utf8')
  const parsed = new X509Certificate(cert)
  const der = authority.cert.raw
  const derFile = join(dir, FILES.caDer)
  if (!existsSync(derFile) || !readFileSync(derFile).equals(der)) writeSecret(derFile, der, 0o644)
  return {
    key: readFileSync(join(dir, FILES.key), 'utf8'),
    cert,
    ca: { pem: authority.pem, der, sha256: fingerprint(der), notAfter: new Date(authority.cert.validTo), subject: authority.cert.subject },
    names: namesOf(parsed),
    notAfter: new Date(parsed.validTo),
    issued,
    newAuthority,
  }
}
