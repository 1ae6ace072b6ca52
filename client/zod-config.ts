// Zod compiles object parsers with `new Function` unless told not to; the page's CSP (script-src 'self')
// forbids eval, so zod's probe for it would be a CSP violation on every page.
import { z } from 'zod'

z.config({ jitless: true })
