import { describe, expect, it } from 'vitest'
import { blockedRange, vetHost, vetWebhookUrl, type Resolver } from './ssrf.ts'

const resolveTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))

describe('blocked ranges of address literals', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.10.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'reserved'],
    ['fe80::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['ff02::1', 'multicast'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['2001:db8::1', 'reserved'],
  ])('%s is %s', (ip, range) => {
    expect(blockedRange(ip)).toBe(range)
  })

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2400:3200::1', '::ffff:8.8.8.8'])('%s is public', (ip) => {
    expect(blockedRange(ip)).toBeNull()
  })
})

describe('webhook URLs', () => {
  const refusal = async (url: string, resolve: Resolver = resolveTo('93.184.216.34')) => {
    try {
      await vetWebhookUrl(url, resolve)
      return 'accepted'
    } catch (e) {
      return (e as { key?: string }).key ?? String(e)
    }
  }

  it('takes a public https address', async () => {
    expect(await refusal('https://hooks.example.com/lastmile')).toBe('accepted')
  })
  it('refuses plain http', async () => {
    expect(await refusal('http://hooks.example.com/x')).toBe('webhook_https_only')
  })
  it('refuses decimal, octal and hex forms of loopback (the URL parser normalises them)', async () => {
    expect(await refusal('https://2130706433/')).toBe('webhook_blocked_loopback')
    expect(await refusal('https://0177.0.0.1/')).toBe('webhook_blocked_loopback')
    expect(await refusal('https://0x7f.1/')).toBe('webhook_blocked_loopback')
    expect(await refusal('https://017700000001/')).toBe('webhook_blocked_loopback')
  })
  it('refuses IPv6 literals, IPv4-mapped ones included', async () => {
    expect(await refusal('https://[::1]:8443/')).toBe('webhook_blocked_loopback')
    expect(await refusal('https://[::ffff:127.0.0.1]/')).toBe('webhook_blocked_loopback')
    expect(await refusal('https://[::ffff:a9fe:a9fe]/')).toBe('webhook_blocked_metadata')
    expect(await refusal('https://[fd00::5]/')).toBe('webhook_blocked_unique_local')
  })
  it('refuses the metadata service and internal names', async () => {
    expect(await refusal('https://169.254.169.254/latest/meta-data')).toBe('webhook_blocked_metadata')
    expect(await refusal('https://localhost/')).toBe('webhook_blocked_loopback')
    expect(await refusal('https://printer.local/')).toBe('webhook_blocked_loopback')
  })
  it('refuses a host name that resolves to a private address, even when another address is public', async () => {
    expect(await refusal('https://intranet.example.com/', resolveTo('10.0.0.7'))).toBe('webhook_blocked_private')
    expect(await refusal('https://mixed.example.com/', resolveTo('93.184.216.34', '192.168.1.20'))).toBe('webhook_blocked_private')
    expect(await refusal('https://v6.example.com/', resolveTo('fe80::1'))).toBe('webhook_blocked_link_local')
    expect(await refusal('https://cgnat.example.com/', resolveTo('100.64.1.1'))).toBe('webhook_blocked_cgnat')
  })
  it('refuses a name that does not resolve', async () => {
    const none: Resolver = async () => {
      throw new Error('ENOTFOUND')
    }
    expect(await refusal('https://nowhere.example/', none)).toBe('webhook_unresolved')
  })
  it('names the address it refused', async () => {
    await expect(vetHost('rebind.example.com', resolveTo('127.0.0.1'))).rejects.toMatchObject({
      key: 'webhook_blocked_loopback',
      params: { address: 'rebind.example.com → 127.0.0.1' },
    })
  })
})
