// Loaded as its own module script before the app's (client/index.html): zod compiles object parsers with
// `new Function` unless told not to, and decides when each schema is built, as its chunk loads. The CSP
// (script-src 'self') forbids eval, so even zod's probe for it would be a violation on every page; zod
// takes its settings from this global when it first loads.
;(globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig = { jitless: true }
