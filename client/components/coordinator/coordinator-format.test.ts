import { describe, expect, it } from 'vitest'
import { fromLocalInput, toLocalInput, tomorrowAtEight } from './coordinator-format.ts'
import { filterQuery } from '../../stores/hotspots.ts'

describe('coordinator helpers', () => {
  it('"tomorrow 8:00" is the next Beijing day at 08:00, also late in the Beijing evening', () => {
    expect(tomorrowAtEight(new Date('2026-12-01T02:00:00Z'))).toBe('2026-12-02T00:00:00.000Z') // 10:00 Beijing
    expect(tomorrowAtEight(new Date('2026-12-01T17:30:00Z'))).toBe('2026-12-03T00:00:00.000Z') // 01:30 Beijing on the 2nd
  })

  it('round-trips the datetime-local value in Beijing wall time', () => {
    expect(toLocalInput('2026-12-02T00:00:00.000Z')).toBe('2026-12-02T08:00')
    expect(fromLocalInput('2026-12-02T08:00')).toBe('2026-12-02T00:00:00.000Z')
  })

  it('turns the one filter into the query every view sends', () => {
    const q = filterQuery({ from: '2026-11-01', to: '', community: ['jiulongnan'], kind: ['shared_bike', 'car'], operator: [], status: ['open'] })
    expect(q.toString()).toBe('from=2026-11-01&community=jiulongnan&kind=shared_bike%2Ccar&status=open')
  })
})
