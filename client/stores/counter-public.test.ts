// The residents' catalogue works offline: guides fetched once are kept on the device and searched
// there by pinyin initials; a visit logged without network waits in the sync outbox.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useCounterPublicStore } from './counter-public.ts'
import { LastmileDB } from '../db/database.ts'
import { setOutboxUser } from '../db/outbox.ts'
import { queueVisit, queuedVisits } from '../db/counter-visits.ts'
import { uuidv7 } from '#domain/ids.ts'

const store = new Map<string, string>()
vi.stubGlobal('localStorage', {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
  removeItem: (k: string) => void store.delete(k),
})

const guide = (code: string, name: string, initials: string) => ({
  code,
  name,
  initials,
  category: 'elderly',
  applicants: '',
  conditions: '',
  materials: [{ name: '居民身份证', form: 'original', copies: 1, notes: '' }],
  steps: ['提交'],
  statutory_days: null,
  promised_days: 0,
  fee_fen: 0,
  fee_basis: '',
  legal_basis: '',
  location: '',
  visits_needed: 1,
  online_url: '',
  last_verified_on: '2026-11-01',
  stale: false,
})
const GUIDES = [
  guide('SB-01', '城乡居民养老保险参保登记', 'cxjmylbxcbdj'),
  guide('CJ-01', '残疾人证办理', 'cjrzbl'),
  guide('YL-02', '养老助残卡申领', 'ylzcksl'),
]

beforeEach(() => setActivePinia(createPinia()))

describe('public guide catalogue', () => {
  it('searches guides kept on the device by pinyin initials when the network is gone', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(GUIDES), { status: 200, headers: { 'content-type': 'application/json' } })),
    )
    await useCounterPublicStore().load()

    setActivePinia(createPinia()) // a reload: a fresh store reads the device cache
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    )
    const offline = useCounterPublicStore()
    await offline.load()
    expect(offline.offline).toBe(true)
    offline.query = 'yl'
    expect(offline.results.map((g) => g.code)).toEqual(['YL-02', 'SB-01'])
    offline.query = '残疾'
    expect(offline.results.map((g) => g.code)).toEqual(['CJ-01'])
    expect((await offline.loadOne('CJ-01'))?.name).toBe('残疾人证办理')
  })
})

describe('visit outbox', () => {
  it('queues a visit as a counter_visit mutation with plain data', async () => {
    const db = new LastmileDB(`counter-${uuidv7()}`)
    setOutboxUser('u1')
    const id = uuidv7()
    await queueVisit(
      id,
      {
        community_id: 'jiulongshan',
        counter_id: null,
        guide_ids: [uuidv7()],
        worker_id: uuidv7(),
        resident_consent: false,
        outcome: 'informed',
        outcome_note: '',
        previous_visit_id: null,
        duration_min: 5,
      },
      db,
    )
    const rows = await queuedVisits(db)
    expect(rows).toEqual([expect.objectContaining({ entity: 'counter_visit', id, sync: { state: 'pending' }, local: true })])
    expect(rows[0]!.edits).toEqual([expect.objectContaining({ entity_id: id, op: 'put', state: 'pending', base_version: null })])
    expect(rows[0]!.record).toMatchObject({ community_id: 'jiulongshan', outcome: 'informed' })
  })
})
