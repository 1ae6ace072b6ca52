// What a person starting the server with HTTPS reads in the terminal: the https address for each network
// address, a QR code of the first one to scan with a phone, and where the setup page is.
import qrcode from 'qrcode-generator'

/** A QR code in half-block characters (two module rows per line), dark on light, with a quiet zone. */
export function terminalQr(text: string, opts: { ansi: boolean } = { ansi: true }): string {
  const qr = qrcode(0, 'L')
  qr.addData(text)
  qr.make()
  const n = qr.getModuleCount()
  const quiet = 2
  const dark = (r: number, c: number) => r >= 0 && c >= 0 && r < n && c < n && qr.isDark(r, c)
  const lines: string[] = []
  for (let r = -quiet; r < n + quiet; r += 2) {
    let line = ''
    for (let c = -quiet; c < n + quiet; c++) {
      const top = dark(r, c)
      const bottom = dark(r + 1, c)
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' '
    }
    // Black on white whatever the terminal's colours, so a phone camera reads it.
    lines.push(opts.ansi ? `\x1b[30;47m${line}\x1b[0m` : line)
  }
  return lines.join('\n')
}

/** The addresses the server answers on, given HOST: 0.0.0.0 is every IPv4 address, :: every address. */
export function reachable(addresses: string[], host: string): string[] {
  if (host === '::') return addresses
  if (host === '0.0.0.0') return addresses.filter((a) => !a.includes(':'))
  return addresses.filter((a) => a === host)
}

/** The https (and setup) addresses a phone can open: host names first, then each network address. */
export function httpsUrls(opts: { port: number; hostname: string; addresses: string[] }): string[] {
  const host = (a: string) => (a.includes(':') ? `[${a}]` : a)
  // A bare host name rarely resolves on a phone; its mDNS form often does.
  const names = opts.hostname ? [opts.hostname.includes('.') ? opts.hostname : `${opts.hostname}.local`] : []
  // Link-local IPv6 (fe80::) needs a zone id no phone browser takes.
  const usable = opts.addresses.filter((a) => !/^fe[89ab]/i.test(a))
  return [...names, ...usable].map((a) => `https://${host(a)}:${opts.port}/`)
}

export function banner(opts: { urls: string[]; setupUrls: string[]; fingerprint?: string; ansi: boolean }): string {
  const out = ['', 'Lastmile over HTTPS — open on a phone on this network:']
  for (const u of opts.urls) out.push(`  ${u}`)
  const first = opts.urls.find((u) => /\/\/\d/.test(u)) ?? opts.urls[0]
  if (first) out.push('', terminalQr(first, { ansi: opts.ansi }), `  ${first}`)
  if (opts.setupUrls.length) {
    out.push('', 'A phone that does not trust the local certificate authority yet: open the setup page (plain http):')
    for (const u of opts.setupUrls) out.push(`  ${u}`)
  }
  if (opts.fingerprint) out.push(`  CA SHA-256: ${opts.fingerprint}`)
  out.push('')
  return out.join('\n')
}
