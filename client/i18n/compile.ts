// The message compiler vue-i18n runs on the device. vue-i18n's own (@intlify/message-compiler, about
// 6 KB gzip of the app shell and a tokenizer pass over each message on first use) is left out of the
// build (`__INTLIFY_DROP_MESSAGE_COMPILER__` in vite.config.ts); the catalogues of client/i18n/ use no
// syntax but text and named placeholders (`{name}`), which this turns into the same message functions.
// compile.test.ts renders every message of both languages through both compilers and compares them.

/** The parts of vue-i18n's message context a compiled message uses. */
interface MessageContext {
  named(key: string): unknown
  interpolate(value: unknown): unknown
  normalize(parts: unknown[]): unknown
}

type Part = string | { named: string }
type MessageFunction = (ctx: MessageContext) => unknown

/** `{name}`: the only placeholder the catalogues use. Anything else between braces is left as text. */
const PLACEHOLDER = /\{([A-Za-z_$][\w$]*)\}/g

/** Text and named placeholders, in order. */
export function parseMessage(message: string): Part[] {
  const parts: Part[] = []
  let at = 0
  for (const m of message.matchAll(PLACEHOLDER)) {
    if (m.index > at) parts.push(message.slice(at, m.index))
    parts.push({ named: m[1]! })
    at = m.index + m[0].length
  }
  if (at < message.length || parts.length === 0) parts.push(message.slice(at))
  return parts
}

const cache = new Map<string, MessageFunction>()

/** vue-i18n's `messageCompiler` option: a message (a string from the catalogues) to its function. */
export function compileMessage(message: unknown): MessageFunction {
  if (typeof message === 'function') return message as MessageFunction
  const source = String(message)
  let fn = cache.get(source)
  if (!fn) {
    const parts = parseMessage(source)
    fn =
      parts.length === 1 && typeof parts[0] === 'string'
        ? (ctx) => ctx.normalize([source])
        : (ctx) => ctx.normalize(parts.map((p) => (typeof p === 'string' ? p : ctx.interpolate(ctx.named(p.named)))))
    cache.set(source, fn)
  }
  return fn
}
