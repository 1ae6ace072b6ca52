import { describe, expect, it } from 'vitest'
import { useSubmitOnce } from './submit-once.ts'

describe('useSubmitOnce', () => {
  it('sends a double submit once, under the fill id, and starts a new fill after success', async () => {
    const once = useSubmitOnce()
    const sent: string[] = []
    let answer!: (v: string) => void
    const send = (id: string) => {
      sent.push(id)
      return new Promise<string>((r) => (answer = r))
    }
    const first = once.submit(send)
    const second = once.submit(send)
    expect(once.pending.value).toBe(true)
    expect(sent).toEqual([once.id.value])
    answer('made')
    expect(await first).toBe('made')
    expect(await second).toBe('made')
    expect(once.pending.value).toBe(false)
    expect(once.id.value).not.toBe(sent[0])
  })

  it('keeps the id after a failure, so sending the same form again is the same submission', async () => {
    const once = useSubmitOnce()
    const sent: string[] = []
    await expect(
      once.submit(async (id) => {
        sent.push(id)
        throw new Error('network')
      }),
    ).rejects.toThrow('network')
    expect(once.pending.value).toBe(false)
    await once.submit(async (id) => sent.push(id))
    expect(sent[1]).toBe(sent[0])
    once.renew()
    expect(once.id.value).not.toBe(sent[0])
  })
})
