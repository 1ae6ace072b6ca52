import { describe, expect, it, vi } from 'vitest'
import { holdIdleWork, whenIdle } from './after-load.ts'

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('idle work', () => {
  it('runs once the page is idle when nothing holds it back', async () => {
    const ran = vi.fn()
    whenIdle(ran)
    await vi.waitFor(() => expect(ran).toHaveBeenCalledOnce())
  })

  it('waits while the page still loads what the person came for, and runs once every hold is let go', async () => {
    const mapShown = holdIdleWork()
    const listShown = holdIdleWork()
    const ran = vi.fn()
    whenIdle(ran)
    await pause(30)
    mapShown()
    await pause(30)
    expect(ran).not.toHaveBeenCalled()
    listShown()
    await vi.waitFor(() => expect(ran).toHaveBeenCalledOnce())
  })

  it('is not held back for longer than the hold allows', async () => {
    holdIdleWork(60)
    const ran = vi.fn()
    whenIdle(ran)
    await pause(20)
    expect(ran).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(ran).toHaveBeenCalledOnce())
  })
})
