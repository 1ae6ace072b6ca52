// A test app for residents' reports and the builders their tests share: a solved proof of work, a
// report body from a new device at a spot inside 双井, its POST from an address, the stored count.
import { expect } from 'vitest'
import { solveChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { createTestApp, type TestApp } from './testing.ts'
import { jpegWithExif } from './media-fixtures.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { ResidentChallenge } from '#domain/patrol/resident.ts'

export const SPOT = { lat: 39.8936, lng: 116.4737 }

export const problemOf = async (res: Response) => (await res.json()) as { detail: string; errors?: { path: string; code: string; message: string }[] }

/** The residents' test app: small proof-of-work numbers, 3 reports per device and 5 per address. */
export async function residentsTestApp() {
  const t: TestApp = await createTestApp({ env: { RESIDENT_POW_MAX_NUMBER: '300', RESIDENT_LIMIT_PER_DEVICE: '3', RESIDENT_LIMIT_PER_IP: '5' } })
  let deviceSeq = 0

  async function solved() {
    const res = await t.req('/api/patrol/residents/challenge')
    expect(res.status).toBe(200)
    const { challenge } = (await res.json()) as ResidentChallenge
    const solution = await solveChallenge({ challenge, deriveKey })
    return { challenge, solution: solution! }
  }

  const photo = () => ({ content_type: 'image/jpeg', data: Buffer.from(jpegWithExif()).toString('base64') })
  const newDevice = () => `device-${String(++deviceSeq).padStart(4, '0')}-abcdefgh`

  /** A valid report body from a new device; `over` replaces any field. */
  async function body(over: Record<string, unknown> = {}) {
    return {
      id: uuidv7(),
      subdistrict: 'shuangjing',
      device: newDevice(),
      position: { ...SPOT, accuracy_m: 12, source: 'gps' },
      kind: 'shared_bike',
      operator_ids: ['bike-a'],
      note: '盲道上停了一排车',
      phone: '138 1234 5678',
      observed_at: t.clock.now.toISOString(),
      photo: photo(),
      pow: await solved(),
      ...over,
    }
  }

  const send = (json: unknown, ip = '10.1.0.1') => t.req('/api/patrol/residents/reports', { method: 'POST', json, headers: { 'x-forwarded-for': ip } })
  const stored = async () =>
    Number(
      (
        await t.deps.db
          .selectFrom('resident_reports')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  /** How many devices have sent so far (tests derive fresh addresses from it). */
  const devices = () => deviceSeq

  return { t, solved, newDevice, body, send, stored, devices }
}
