// XML as a strict client reads it: saxes checks well-formedness by the XML 1.0 rules (characters the
// spec forbids, unbalanced tags, bad entities) and throws on the first fault; then fast-xml-parser gives
// the document as objects, lists forced where FixMyStreet's XML::Simple forces them (ForceArray).
import { SaxesParser } from 'saxes'
import { XMLParser } from 'fast-xml-parser'

/** Throws with saxes' message (line:column) unless `xml` is a well-formed XML 1.0 document. */
export function assertWellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: false })
  let fault: Error | undefined
  parser.on('error', (err) => {
    fault ??= err
  })
  parser.write(xml).close()
  if (fault) throw new Error(`not well-formed XML: ${fault.message}`)
}

/** The child elements FixMyStreet's reader always takes as lists. */
const LISTS = new Set(['service', 'attribute', 'value', 'request', 'error', 'request_update', 'group'])

const reader = new XMLParser({
  parseTagValue: false,
  isArray: (name) => LISTS.has(name),
})

/** Checks `xml` strictly, then reads it the way FixMyStreet does (empty elements as ''). */
export function readXml(xml: string): Record<string, any> {
  assertWellFormed(xml)
  return reader.parse(xml) as Record<string, any>
}
