// Reads a long transaction repeats with the same answer: a push of 100 reports checks the same
// communities, operators, parties and agreements 100 times. A transaction opened for it (openTxMemo)
// keeps each such read's answer under a key until it is forgotten; in any other transaction, or
// outside one, every read goes to the database as before.
import type { Db } from './handle.ts'

const memos = new WeakMap<object, Map<string, Promise<unknown>>>()

/** Keeps the answers of memoised reads in this transaction from now on. */
export function openTxMemo(tx: Db): void {
  if (tx.isTransaction && !memos.has(tx)) memos.set(tx, new Map())
}

/**
 * Drops every kept answer: after anything in the transaction may have written the tables behind them,
 * or undone such a write (a rolled-back savepoint).
 */
export function forgetTxMemo(tx: Db): void {
  memos.get(tx)?.clear()
}

/** `load()`'s answer, kept under `key` when the transaction was opened for it. */
export function txMemo<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  const memo = memos.get(db)
  if (!memo) return load()
  let kept = memo.get(key) as Promise<T> | undefined
  if (!kept) {
    kept = load()
    memo.set(key, kept)
    // A failed read is not kept: the next caller asks the database again.
    kept.catch(() => memo.get(key) === kept && memo.delete(key))
  }
  return kept
}
