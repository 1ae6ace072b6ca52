import { openDatabase, migrateToLatest } from '/work/wt/brief/api/db/database.ts'
import { seed } from '/work/wt/brief/api/db/seed/index.ts'
import { MODULES } from '/work/wt/brief/api/modules/index.ts'
import { sql } from 'kysely'
const { db, close } = openDatabase('sqlite:/tmp/brief/probe.db')
await migrateToLatest(db)
await seed(db, MODULES, { demo: true, now: new Date('2026-12-02T02:00:00Z') })
for (const [t, c] of [['patrol_reports','observed_at'],['patrol_observations','observed_at'],['patrol_hotspots','first_at'],['patrol_compliance_checks','checked_at'],['meal_sale_lines','date'],['meal_subscribers','created_at'],['meal_pickups','date'],['counter_visits','at'],['counter_skill_history','at'],['counter_trainings','date'],['patrol_review_events','at'],['patrol_agreements','effective_date']] as const) {
  const r = await sql<any>`select substr(${sql.ref(c)},1,7) m, count(*) n from ${sql.table(t)} group by 1 order by 1`.execute(db)
  console.log(t, JSON.stringify(r.rows))
}
console.log(JSON.stringify((await sql<any>`select id,name from communities`.execute(db)).rows))
console.log(JSON.stringify((await sql<any>`select username, role from users`.execute(db)).rows))
console.log(JSON.stringify((await sql<any>`select status, count(*) from patrol_hotspots group by 1`.execute(db)).rows))
console.log(JSON.stringify((await sql<any>`select status, count(*) from patrol_agreements group by 1`.execute(db)).rows))
console.log(JSON.stringify((await sql<any>`select target,from_status,to_status, count(*) from patrol_review_events group by 1,2,3`.execute(db)).rows))
await close()
