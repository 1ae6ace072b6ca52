// Any JSON value, typed as JSON: for payloads whose shape belongs to someone else (an audit snapshot
// of whatever record changed, a synced record of whatever entity), so no response says `unknown`.
import { z } from 'zod'

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

function isJsonValue(v: unknown, depth = 0): v is JsonValue {
  if (depth > 32) return false
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true
  if (typeof v === 'number') return Number.isFinite(v)
  if (Array.isArray(v)) return v.every((x) => isJsonValue(x, depth + 1))
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).every((x) => isJsonValue(x, depth + 1))
  return false
}

/** JSON Schema of a JSON value; deeper levels refer to the `JsonValue` component the API document names. */
export const JSON_VALUE_SCHEMA = {
  description: 'Any JSON value',
  type: ['string', 'number', 'boolean', 'null', 'array', 'object'],
  items: { $ref: '#/components/schemas/JsonValue' },
  additionalProperties: { $ref: '#/components/schemas/JsonValue' },
}

/**
 * Validated by walking the value; described to OpenAPI as the recursive JSON type it is. Its static
 * type stays `unknown`: the module that owns the shape narrows it.
 */
export const JsonValue = z.custom<unknown>((v) => isJsonValue(v), { error: 'json_value' }).meta(JSON_VALUE_SCHEMA)

/** A JSON object whose shape its own module defines (a synced record of any entity). */
export const JsonRecord = z
  .custom<unknown>((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && isJsonValue(v), { error: 'json_value' })
  .meta({ description: 'A JSON object', type: 'object', additionalProperties: JSON_VALUE_SCHEMA.items })
