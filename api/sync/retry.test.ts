import { describe, expect, it } from 'vitest'
import { isTransientDbError, withTransientRetry } from './retry.ts'

const coded = (code: string) => Object.assign(new Error(code), { code })

describe('transient database errors', () => {
  it('knows deadlocks, serialization failures and SQLITE_BUSY, and nothing else', () => {
    expect(['40P01', '40001', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT'].map((c) => isTransientDbError(coded(c)))).toEqual([true, true, true, true])
    expect([coded('23505'), coded('SQLITE_CONSTRAINT'), new Error('x'), null, 'x'].map(isTransientDbError)).toEqual([false, false, false, false, false])
  })

  it('retries a transient failure a bounded number of times and never retries other errors', async () => {
    let n = 0
    expect(await withTransientRetry(async () => (++n < 3 ? Promise.reject(coded('40P01')) : 'ok'), 5)).toBe('ok')
    expect(n).toBe(3)
    n = 0
    await expect(withTransientRetry(async () => (++n, Promise.reject(coded('40001'))), 4)).rejects.toMatchObject({ code: '40001' })
    expect(n).toBe(4)
    n = 0
    await expect(withTransientRetry(async () => (++n, Promise.reject(coded('23505'))), 4)).rejects.toMatchObject({ code: '23505' })
    expect(n).toBe(1)
  })
})
