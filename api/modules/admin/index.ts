// The admin module: office IT's users, roles and communities of the admin's own subdistrict.
// (The audit log and retention settings are core, mounted by app.ts under /api/admin too.)
import type { ServerModule } from '../module.ts'
import { adminRouter } from './routes.ts'

export const adminModule: ServerModule = {
  name: 'admin',
  routes: [{ path: '/api/admin', router: adminRouter }],
}
