import { useState } from 'react';
import { Empty, Loaded } from '../../components/states';
import { useSession } from '../../session';
import { useRefresh } from '../../queries/query-client';
import {
  useLicencePools,
  usePermissionList,
  useStaffList,
  type StaffFilters,
} from '../../queries/staff';
import { AddStaff } from './add-staff';
import { LocationSelect } from './location-select';
import { StaffDetail } from './staff-detail';
import { StaffTable } from './staff-table';

export function StaffPage({ staffId }: { staffId: string | null }) {
  const { can } = useSession();
  const [filters, setStaffFilters] = useState<StaffFilters>({
    search: '',
    status: '',
    locationId: '',
    licenceType: '',
  });
  const staff = useStaffList(filters);
  // Counts without prices: staff managers need not read billing (003).
  const subscriptions = useLicencePools();
  const permissions = usePermissionList();
  const refreshQueries = useRefresh();
  const types = [
    ...new Set((subscriptions.data ?? []).flatMap((s) => s.pools.map((p) => p.licenceType))),
  ];
  // A member added, a licence given or a permission changed: what they may change, read again.
  const refresh = () => refreshQueries('staff', 'licence-pools', 'subscriptions', 'health-check');
  return (
    <>
      <h1>Staff</h1>
      <p>
        <a href="/v1/exports/staff.csv" download>
          Download staff and licences (CSV)
        </a>
      </p>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => e.preventDefault()}
        aria-label="Filter staff"
      >
        <div>
          <label htmlFor="staff-search">Search</label>
          <input
            id="staff-search"
            type="search"
            placeholder="Name or email"
            value={filters.search}
            onChange={(e) => setStaffFilters({ ...filters, search: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="staff-status">Status</label>
          <select
            id="staff-status"
            value={filters.status}
            onChange={(e) =>
              setStaffFilters({ ...filters, status: e.target.value as StaffFilters['status'] })
            }
          >
            <option value="">All</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </div>
        <LocationSelect
          id="staff-clinic"
          value={filters.locationId}
          onChange={(locationId) => setStaffFilters({ ...filters, locationId })}
          anyLabel="All clinics"
        />
        <div>
          <label htmlFor="staff-licence">Licence</label>
          <select
            id="staff-licence"
            value={filters.licenceType}
            onChange={(e) => setStaffFilters({ ...filters, licenceType: e.target.value })}
          >
            <option value="">Any</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
      </form>
      <div className={staffId ? 'split' : undefined}>
        <section aria-label="Staff list" className="list">
          <Loaded load={staff}>
            {(page) =>
              page.data.length === 0 ? (
                <Empty>No staff match these filters.</Empty>
              ) : (
                <StaffTable staff={page.data} selected={staffId} />
              )
            }
          </Loaded>
          {subscriptions.data && can('staff:manage') ? (
            <AddStaff subscriptions={subscriptions.data} onAdded={refresh} />
          ) : null}
        </section>
        {staffId && subscriptions.data && permissions.data ? (
          <StaffDetail
            key={staffId}
            staffId={staffId}
            subscriptions={subscriptions.data}
            permissions={permissions.data}
            onChanged={refresh}
          />
        ) : null}
      </div>
    </>
  );
}
