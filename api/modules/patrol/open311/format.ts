// Open311 output in the two formats the spec names: JSON arrays, and XML with the declaration and
// UTF-8; errors as [{code, description}] / <errors> with the HTTP status the spec gives for each case.
import type { Context } from 'hono'

export type Format = 'json' | 'xml'

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 415 | 429 | 500 | 503,
    readonly description: string,
  ) {
    super(description)
  }
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]!)

/** A value as XML: objects become elements, arrays repeat `item`, null is an empty element. */
export function toXml(name: string, value: unknown, item?: (key: string) => string): string {
  if (value === null || value === undefined) return `<${name}></${name}>`
  if (Array.isArray(value)) {
    const child = item?.(name) ?? 'item'
    return `<${name}>${value.map((v) => toXml(child, v, item)).join('')}</${name}>`
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v, item))
      .join('')}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>'
const CHILD: Record<string, string> = { services: 'service', service_requests: 'request', attributes: 'attribute', values: 'value', errors: 'error' }

export function respond(c: Context, format: Format, root: string, body: unknown, status: 200 | 201 = 200) {
  c.header('access-control-allow-origin', '*')
  if (format === 'json') return c.json(body, status)
  return c.body(XML_HEAD + toXml(root, body, (parent) => CHILD[parent] ?? 'item'), status, { 'content-type': 'text/xml; charset=utf-8' })
}

export function respondError(c: Context, format: Format, err: Open311Error) {
  const errors = [{ code: err.status, description: err.description }]
  c.header('access-control-allow-origin', '*')
  if (format === 'json') return c.json(errors, err.status)
  return c.body(XML_HEAD + toXml('errors', errors, (p) => CHILD[p] ?? 'item'), err.status, { 'content-type': 'text/xml; charset=utf-8' })
}

/** `requests.json` → ['requests', 'json']; an unsupported extension is not a resource here (404). */
export function splitFormat(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file)
  if (!m) throw new Open311Error(404, 'Unknown resource: use .json or .xml')
  return { name: m[1]!, format: m[2] as Format }
}
