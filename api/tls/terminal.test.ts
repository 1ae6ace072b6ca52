// What the terminal shows at start: addresses a phone can open, and a QR code drawn black on white.
import { describe, expect, it } from 'vitest'
import { banner, httpsUrls, reachable, terminalQr } from './terminal.ts'

describe('start-up banner', () => {
  it('lists the .local name and every usable address (IPv6 in brackets, link-local left out)', () => {
    expect(httpsUrls({ port: 8787, hostname: 'office-pc', addresses: ['192.168.1.20', 'fd00::20', 'fe80::1'] })).toEqual([
      'https://office-pc.local:8787/',
      'https://192.168.1.20:8787/',
      'https://[fd00::20]:8787/',
    ])
  })

  it('offers only addresses the server listens on (HOST)', () => {
    const all = ['192.168.1.20', 'fd00::20']
    expect(reachable(all, '0.0.0.0')).toEqual(['192.168.1.20'])
    expect(reachable(all, '::')).toEqual(all)
    expect(reachable(all, '192.168.1.20')).toEqual(['192.168.1.20'])
  })

  it('draws the QR code of the first network address, two module rows per line, with a quiet zone', () => {
    const qr = terminalQr('https://192.168.1.20:8787/', { ansi: false }).split('\n')
    // Version 2 (25 modules) + 2×2 quiet modules = 29 columns, ⌈29 / 2⌉ = 15 lines.
    expect(qr).toHaveLength(15)
    expect(qr.every((l) => [...l].length === 29)).toBe(true)
    expect(qr[0]!.trim()).toBe('')
    // The finder pattern's top edge: seven dark modules in a row.
    expect(qr[1]!.slice(2, 9)).toBe('█▀▀▀▀▀█')
    const text = banner({
      urls: ['https://office-pc.local:8787/', 'https://192.168.1.20:8787/'],
      setupUrls: ['http://192.168.1.20:8788/'],
      fingerprint: 'AB:CD',
      ansi: true,
    })
    expect(text).toContain('\x1b[30;47m')
    expect(text).toMatch(/\x1b\[0m\n {2}https:\/\/192\.168\.1\.20:8787\/\n/)
    expect(text).toContain('http://192.168.1.20:8788/')
    expect(text).toContain('CA SHA-256: AB:CD')
  })
})
