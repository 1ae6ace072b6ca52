// Every string a request may carry is built on `text()`: it refuses control characters (NUL breaks
// PostgreSQL text, the rest only hide content), non-characters and lone surrogates, with a field error.
import { z } from 'zod'

/**
 * Allowed: tab, newline and carriage return (textareas send \r\n). Refused: the other C0 controls,
 * DEL, U+FFFE/U+FFFF and UTF-16 surrogates without their pair (not valid Unicode text).
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** True when `s` holds nothing `text()` refuses. */
export function isCleanText(s: string): boolean {
  return !FORBIDDEN.test(s)
}

const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'g')

/** `s` without what `text()` refuses: for interfaces that take text as it comes (Open311) and for XML output. */
export function stripUnclean(s: string): string {
  return s.replace(FORBIDDEN_ALL, '')
}

/** Message key of the refusal (translated in messages.ts). */
export const TEXT_CONTROL = 'text_control'

/** `z.string()` for request fields: same parameters, plus the control-character refusal (checked first). */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(isCleanText, { error: TEXT_CONTROL, abort: true })
}
