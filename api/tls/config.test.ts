// What the app learns about https from /api/config (where the setup page is), and no HSTS from a server
// whose https comes from the local authority.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../test-support/testing.ts'

describe('https in the client configuration', () => {
  it('is null over plain http, and names the https and setup ports with HTTPS=local', async () => {
    const plain = await createTestApp()
    const local = await createTestApp({ env: { HTTPS: 'local', PORT: '9443' } })
    const noSetup = await createTestApp({ env: { HTTPS: 'local', SETUP_PORT: '0' } })
    try {
      expect((await (await plain.req('/api/config')).json()).https).toBeNull()
      expect((await (await local.req('/api/config')).json()).https).toEqual({ port: 9443, setup_port: 9444 })
      expect((await (await noSetup.req('/api/config')).json()).https).toEqual({ port: 8787, setup_port: null })
    } finally {
      await Promise.all([plain.close(), local.close(), noSetup.close()])
    }
  })

  it('sends HSTS over https, but not with the local authority (it would pin localhost and the setup page to https)', async () => {
    const plain = await createTestApp()
    const local = await createTestApp({ env: { HTTPS: 'local' } })
    try {
      const https = { headers: { 'x-forwarded-proto': 'https' } }
      expect((await plain.req('/api/health', https)).headers.get('strict-transport-security')).toMatch(/max-age=/)
      expect((await local.req('/api/health', https)).headers.get('strict-transport-security')).toBeNull()
    } finally {
      await Promise.all([plain.close(), local.close()])
    }
  })
})
