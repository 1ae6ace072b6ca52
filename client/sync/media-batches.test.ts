import { describe, expect, it } from 'vitest'
import { MEDIA_BATCH_MAX_BYTES, MEDIA_BATCH_MAX_FILES } from '#domain/media.ts'
import { inPool, planMediaBatches } from './media-batches.ts'

const photos = (sizes: number[]) => sizes.map((size, i) => ({ i, size }))

describe('planMediaBatches', () => {
  it('keeps the order and puts at most MEDIA_BATCH_MAX_FILES photos in a group', () => {
    const groups = planMediaBatches(photos(Array.from({ length: 2 * MEDIA_BATCH_MAX_FILES + 3 }, () => 40_000)))
    expect(groups.map((g) => g.length)).toEqual([MEDIA_BATCH_MAX_FILES, MEDIA_BATCH_MAX_FILES, 3])
    expect(groups.flat().map((p) => p.i)).toEqual(Array.from({ length: 2 * MEDIA_BATCH_MAX_FILES + 3 }, (_, i) => i))
  })

  it('stays under MEDIA_BATCH_MAX_BYTES with room for the framing, and a photo too big to share goes alone', () => {
    const mb = 1024 * 1024
    const groups = planMediaBatches(photos([3 * mb, 3 * mb, 3 * mb, MEDIA_BATCH_MAX_BYTES, 100]))
    expect(groups.map((g) => g.map((p) => p.i))).toEqual([[0, 1], [2], [3], [4]])
    for (const g of groups.filter((g) => g.length > 1)) expect(g.reduce((n, p) => n + p.size + 512, 0)).toBeLessThanOrEqual(MEDIA_BATCH_MAX_BYTES)
  })

  it('plans nothing for nothing', () => {
    expect(planMediaBatches([])).toEqual([])
  })
})

describe('inPool', () => {
  it('runs every task with at most `limit` at once', async () => {
    let running = 0
    let most = 0
    const done: number[] = []
    await inPool([1, 2, 3, 4, 5, 6, 7, 8, 9], 4, async (n) => {
      running++
      most = Math.max(most, running)
      await new Promise((r) => setTimeout(r, n % 3))
      done.push(n)
      running--
    })
    expect(most).toBe(4)
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('starts nothing new after a failure, lets the running ones finish, then throws the first failure', async () => {
    const started: number[] = []
    const finished: number[] = []
    const run = inPool([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n)
      if (n === 2) throw new Error('offline')
      await new Promise((r) => setTimeout(r, 5))
      finished.push(n)
    })
    await expect(run).rejects.toThrow('offline')
    expect(started).toEqual([1, 2])
    expect(finished).toEqual([1])
  })
})
