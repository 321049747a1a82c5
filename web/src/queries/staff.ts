import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export interface StaffFilters {
  readonly search: string;
  readonly status: '' | 'active' | 'inactive';
  readonly locationId: string;
  readonly licenceType: string;
}

/** Staff, filtered (the first 200). */
export function useStaffList(filters: StaffFilters) {
  return useQuery({
    queryKey: ['staff', 'list', filters],
    queryFn: () =>
      unwrap(
        api.GET('/v1/staff', {
          params: {
            query: {
              limit: 200,
              ...(filters.search ? { search: filters.search } : {}),
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.locationId ? { locationId: filters.locationId } : {}),
              ...(filters.licenceType ? { licenceType: filters.licenceType } : {}),
            },
          },
        }),
      ),
  });
}

/** One staff member, with their licences and permissions. */
export function useStaffMember(staffId: string) {
  return useQuery({
    queryKey: ['staff', staffId],
    queryFn: () => unwrap(api.GET('/v1/staff/{staffId}', { params: { path: { staffId } } })),
  });
}

/** The permissions of the 003 table, with the licence each needs. */
export function usePermissionList() {
  return useQuery({
    queryKey: ['permissions'],
    queryFn: () => unwrap(api.GET('/v1/permissions')),
    staleTime: Infinity,
  });
}

/** Licence pools as counts, without prices. */
export function useLicencePools() {
  return useQuery({
    queryKey: ['licence-pools'],
    queryFn: () => unwrap(api.GET('/v1/licence-pools')),
  });
}
