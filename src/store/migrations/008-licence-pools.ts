/**
 * Licence pools as counters: for each subscription and licence type, how many licences may be
 * assigned (`capacity`: those in force, bounded by scheduled decreases and a renewed next
 * term; null for an unlimited type) and how many are (`assigned`). A trigger keeps `assigned`
 * in step with every write to licence_assignments, and a licence taken from a pool is one
 * guarded statement: the pool row is updated only where `assigned < capacity`, a condition
 * PostgreSQL checks again on the row's latest version after waiting for its lock, so
 * concurrent requests for the last licences cannot oversell without any other lock. The
 * trigger is deferred to the commit: the pool row, which every request of a clinic touches,
 * is locked only while the transaction commits, not while the service works between its
 * statements. A pool with no row (capacity not computed yet) or with no room refuses the
 * commit with SQLSTATE SL001; the service then recomputes the capacity under the
 * subscription's lock and decides.
 * Capacities are computed by the service (the billing engine), with every recorded change.
 */
export const licencePools = `
create table licence_pools (
  org_id text not null references organizations (id),
  subscription_id text not null references subscriptions (id),
  licence_type text not null,
  capacity integer check (capacity >= 0),
  assigned integer not null default 0 check (assigned >= 0),
  primary key (subscription_id, licence_type)
);

create function licence_pools_count() returns trigger language plpgsql as $$
declare
  counted_before boolean := tg_op <> 'INSERT' and old.released_at is null;
  counted_after boolean := tg_op <> 'DELETE' and new.released_at is null;
begin
  if counted_before and counted_after
     and old.subscription_id = new.subscription_id and old.licence_type = new.licence_type then
    return null;
  end if;
  if counted_before then
    update licence_pools set assigned = assigned - 1
    where subscription_id = old.subscription_id and licence_type = old.licence_type
      and assigned > 0;
  end if;
  if counted_after then
    update licence_pools set assigned = assigned + 1
    where subscription_id = new.subscription_id and licence_type = new.licence_type
      and (capacity is null or assigned < capacity);
    if not found then
      raise exception using
        errcode = 'SL001',
        message = format('licence pool %s/%s has no room or is not computed yet',
                         new.subscription_id, new.licence_type);
    end if;
  end if;
  return null;
end
$$;

create constraint trigger licence_pools_count
  after insert or update of released_at, licence_type, subscription_id or delete
  on licence_assignments
  deferrable initially deferred
  for each row execute function licence_pools_count();
`;
