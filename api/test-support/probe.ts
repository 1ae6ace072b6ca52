// Probes every OpenAPI operation as each role and prints the observed access table: the starting
// point for authz-matrix.ts, which is then reviewed by hand (the test never regenerates it).
import { createTestApp } from './testing.ts'
import { ROLES } from '#domain/auth.ts'
import { operationsOf, requestFor } from './authz-walk.ts'

const t = await createTestApp()
const doc = (await (await t.req('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> }
const cookies: Record<string, string | undefined> = { anonymous: undefined }
for (const r of ROLES) cookies[r] = await t.login(r)
for (const op of operationsOf(doc)) {
  const allowed: string[] = []
  for (const [who, cookie] of Object.entries(cookies)) {
    // Sign-out ends the session it is called with: give it a fresh one.
    const c = op.path.includes('logout') && who !== 'anonymous' ? await t.login(who) : cookie
    const res = await requestFor(t, op, c)
    if (res.status !== 401 && res.status !== 403) allowed.push(who)
  }
  const access = allowed.includes('anonymous') ? "'public'" : `[${allowed.map((a) => `'${a}'`).join(', ')}]`
  console.log(`  '${op.method.toUpperCase()} ${op.path}': ${access},`)
}
await t.close()
