// Demo accounts, one per role (plus a second inspector in another community for the object-level
// checks, and one account for each of the seven rotating counter workers, linked to their roster records). They exist only when SEED_DEMO is on; the README lists them.
import type { Kysely } from 'kysely'
import type { DB } from '../schema.ts'
import type { Role } from '#domain/auth.ts'
import { createUser } from '../../auth/users.ts'
import { hashPassword } from '../../auth/password.ts'
import { DEMO_SUBDISTRICT } from './reference.ts'
import { enrolKnownSecret } from '../../auth/second-factor.ts'
import { DEMO_PASSWORD } from '../../auth/demo-password.ts'

export { DEMO_PASSWORD }

/**
 * The demo coordinator's and admin's authenticator secret (TOTP_REQUIRED_ROLES asks them for a code).
 * Public on purpose, like the password: add it to any authenticator app, or run `npm run demo:totp`.
 */
export const DEMO_TOTP_SECRET = 'NRQXG5DNNFWGKLLEMVWW6LLUN52HALJR'

export const DEMO_ACCOUNTS: { username: string; display_name: string; role: Role; community_ids: string[] }[] = [
  { username: 'inspector', display_name: '王巡查', role: 'inspector', community_ids: ['jiulongnan', 'jiulongshan'] },
  { username: 'inspector2', display_name: '李巡查', role: 'inspector', community_ids: ['guangquan'] },
  { username: 'coordinator', display_name: '赵协调', role: 'coordinator', community_ids: [] },
  { username: 'counter', display_name: '孙社工', role: 'counter', community_ids: ['jiulongshan'] },
  { username: 'liuxiaoyan', display_name: '刘晓燕', role: 'counter', community_ids: ['jiulongshan'] },
  { username: 'chenjianguo', display_name: '陈建国', role: 'counter', community_ids: ['jiulongshan'] },
  { username: 'mali', display_name: '马丽', role: 'counter', community_ids: ['jiulongshan'] },
  { username: 'zhangwei', display_name: '张伟', role: 'counter', community_ids: ['maoxing'] },
  { username: 'wumin', display_name: '吴敏', role: 'counter', community_ids: ['maoxing'] },
  { username: 'yangfan', display_name: '杨帆', role: 'counter', community_ids: ['maoxing'] },
  { username: 'meals', display_name: '周助餐', role: 'meals', community_ids: ['guangquan'] },
  { username: 'admin', display_name: '系统管理员', role: 'admin', community_ids: [] },
  // Works for the seeded party 单车A (patrol's demo seed links the account).
  { username: 'operator', display_name: '陈运维', role: 'operator', community_ids: [] },
]

// One hash for all demo accounts: argon2id is deliberately slow and tests seed many databases.
let demoHash: Promise<string> | undefined

export async function seedAccounts(db: Kysely<DB>, now: Date): Promise<void> {
  demoHash ??= hashPassword(DEMO_PASSWORD)
  const hash = await demoHash
  for (const a of DEMO_ACCOUNTS) {
    const user = await createUser(db, DEMO_SUBDISTRICT.id, { ...a, password: DEMO_PASSWORD }, now, hash)
    if (a.role === 'coordinator' || a.role === 'admin') await enrolKnownSecret(db, DEMO_SUBDISTRICT.id, user.id, DEMO_TOTP_SECRET, [], now)
  }
}
