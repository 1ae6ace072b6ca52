// PostgreSQL: the counter lock of a push whose hotspot fold was computed before the lock. The function
// takes the subdistrict's counter lock and then, in a statement of its own (a new snapshot, taken after
// the lock is granted: it sees what the lock's previous holder committed), compares the sites in the
// boxes with the ids and versions the fold read; any difference (a site written, merged away or new in
// between) raises SQLSTATE LMSTL and the transaction is aborted, so the push folds again under the lock.
// The push sends this, its write and COMMIT at once (api/db/pg-commit.ts).
// SQLite serialises writers and folds in process: nothing to add there.
import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return
  await sql`
    create function sync_lock_counter_check(
      p_subdistrict_id text,
      p_min_lat double precision[],
      p_max_lat double precision[],
      p_min_lng double precision[],
      p_max_lng double precision[],
      p_ids text[],
      p_versions integer[]
    ) returns bigint
    language plpgsql volatile
    as $$
    declare
      v_seq bigint;
    begin
      insert into sync_counters (subdistrict_id, seq) values (p_subdistrict_id, 0)
        on conflict (subdistrict_id) do update set seq = sync_counters.seq
        returning seq into v_seq;
      if exists (
        select 1
          from (
            select distinct h.id, h.version
              from unnest(p_min_lat, p_max_lat, p_min_lng, p_max_lng) as b(min_lat, max_lat, min_lng, max_lng)
              join patrol_hotspots h
                on h.subdistrict_id = p_subdistrict_id
                and h.lat >= b.min_lat and h.lat <= b.max_lat
                and h.lng >= b.min_lng and h.lng <= b.max_lng
          ) now_there
          full join unnest(p_ids, p_versions) as was(id, version)
            on was.id = now_there.id and was.version = now_there.version
          where was.id is null or now_there.id is null
      ) then
        raise exception 'the hotspots near the batch changed since they were read' using errcode = 'LMSTL';
      end if;
      return v_seq;
    end
    $$`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
