// What a section of the monthly brief is made of. A section is one builder: how to measure a period
// (the same function for this month, last month and the same month last year), which figures to
// show from it, and the tables of the chosen month. BRIEF_SECTIONS (./index.ts) lists them in order;
// the brief, the .docx and the home card are built from that list alone.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { Role } from '#domain/auth.ts'
import type { BriefPeriod, BriefTable, FigureUnit } from '#domain/brief/brief.ts'

export interface BriefContext {
  db: Kysely<DB>
  subdistrictId: string
  /** The community the brief is narrowed to, or null for the whole subdistrict. */
  communityId: string | null
  role: Role
  /** Community names by id, for tables. */
  communities: ReadonlyMap<string, string>
}

/** One period's values, by figure key; `has_data` false when the module holds no record of the period. */
export interface Measured {
  has_data: boolean
  values: Readonly<Record<string, number | null>>
  /** Why no value can be given at all (the module keeps no such figure for a community), shown instead of the usual reasons. */
  reason?: string
}

export interface FigureDef {
  key: string
  label: string
  unit: FigureUnit
  lower_is_better?: boolean
  /** Why the value can be missing although the period has data (a rate without any case). */
  missing?: string
  /** The app path of the list behind the number for this period, or null (no list, or the role cannot open it). */
  link?: (ctx: BriefContext, period: BriefPeriod) => string | null
  /** Shown on the coordinator's home card. */
  glance?: boolean
}

export interface BriefSectionBuilder {
  id: string
  /** zh-CN heading. */
  title: string
  /** Roles that see this section; the others get a brief without it. */
  roles: readonly Role[]
  figures: readonly FigureDef[]
  /** How the figures are defined, printed under the section. */
  notes: readonly string[]
  /** Why the section is empty when the month has no record of it. */
  empty: string | ((ctx: BriefContext) => string)
  measure(ctx: BriefContext, period: BriefPeriod, previous: BriefPeriod): Promise<Measured>
  /** Tables of the chosen month (`previous` for their change columns); none by default. */
  tables?(ctx: BriefContext, period: BriefPeriod, previous: BriefPeriod): Promise<BriefTable[]>
}

/** The range filter of the coordinator's map and lists for a period. */
export const rangeQuery = (ctx: BriefContext, p: BriefPeriod, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams({ from: p.first_date, to: p.through_date, ...(ctx.communityId ? { community: ctx.communityId } : {}), ...extra })
  return q.toString()
}

export const mayOpen = (ctx: BriefContext, roles: readonly Role[]) => roles.includes(ctx.role)
