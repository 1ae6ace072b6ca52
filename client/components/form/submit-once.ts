// One submission per form fill: the form's create carries an id made when the form opens (or is
// reset), so a double tap or a resend after a lost answer makes one record on the server; the submit
// button stays disabled while a request is out, and a success starts a fresh fill with a new id.
import { ref } from 'vue'
import { uuidv7 } from '#domain/ids.ts'

export function useSubmitOnce() {
  const id = ref(uuidv7())
  const pending = ref(false)
  let inFlight: Promise<unknown> | null = null
  /**
   * Sends `send(id)` with this fill's id; while it is out, another submit gets the same promise
   * (nothing is sent twice). A success makes the next fill's id; a failure keeps it, so sending the
   * same form again is the same submission.
   */
  function submit<T>(send: (id: string) => Promise<T>): Promise<T> {
    if (inFlight) return inFlight as Promise<T>
    pending.value = true
    const run = send(id.value).then((value) => {
      id.value = uuidv7()
      return value
    })
    inFlight = run.finally(() => {
      inFlight = null
      pending.value = false
    })
    return inFlight as Promise<T>
  }
  /** A new fill (the form was cleared, or opened for another record). */
  const renew = () => (id.value = uuidv7())
  return { id, pending, submit, renew }
}
