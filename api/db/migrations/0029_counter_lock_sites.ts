// PostgreSQL: the subdistrict's counter lock and the read of the hotspots near a push's new reports in
// one statement (one round trip while the lock is held instead of one plus one per group of nearby
// sites). A VOLATILE plpgsql function: in READ COMMITTED each statement in it takes a new snapshot, so
// the read, a statement after the lock was granted, sees everything the lock's previous holder
// committed (one statement with both in a WITH query would read the snapshot taken before the wait).
// SQLite serialises writers and reads in process: nothing to add there.
import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return
  await sql`
    create function sync_lock_counter_sites(
      p_subdistrict_id text,
      p_min_lat double precision[],
      p_max_lat double precision[],
      p_min_lng double precision[],
      p_max_lng double precision[]
    ) returns json
    language plpgsql volatile
    as $$
    declare
      v_seq bigint;
      v_sites json;
    begin
      insert into sync_counters (subdistrict_id, seq) values (p_subdistrict_id, 0)
        on conflict (subdistrict_id) do update set seq = sync_counters.seq
        returning seq into v_seq;
      select coalesce(json_agg(h order by b.n, h.lat, h.lng, h.id), '[]'::json) into v_sites
        from unnest(p_min_lat, p_max_lat, p_min_lng, p_max_lng) with ordinality as b(min_lat, max_lat, min_lng, max_lng, n)
        join patrol_hotspots h
          on h.subdistrict_id = p_subdistrict_id
          and h.lat >= b.min_lat and h.lat <= b.max_lat
          and h.lng >= b.min_lng and h.lng <= b.max_lng;
      return json_build_object('seq', v_seq, 'sites', v_sites);
    end
    $$`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
