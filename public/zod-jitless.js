// Runs before the app's modules (a classic script, from client/index.html): zod compiles object parsers
// with `new Function` unless told not to, and decides so for each schema as its chunk loads. The CSP
// (script-src 'self') forbids eval, so even zod's probe for it would be a violation on every page; zod
// takes its settings from this global when it first loads.
globalThis.__zod_globalConfig = { jitless: true }
