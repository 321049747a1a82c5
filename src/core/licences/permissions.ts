/**
 * The permissions a staff member can hold, and the licence role each needs (003's rule
 * table). Permissions are separate from licences: a licence is what is paid for; a
 * permission is what someone may do, and some of them need a licence.
 */
export type LicenceRole = 'provider' | 'admin';

export interface PermissionRule {
  readonly key: string;
  readonly group: 'Clinical' | 'Billing' | 'Front desk' | 'Administration';
  readonly label: string;
  /** provider: a provider licence; admin: an admin licence or a provider licence; null: none. */
  readonly needs: LicenceRole | null;
}

export const PERMISSIONS: readonly PermissionRule[] = [
  {
    key: 'clinical_documentation',
    group: 'Clinical',
    label: 'Access and write clinical documentation',
    needs: 'provider',
  },
  { key: 'therapist', group: 'Clinical', label: 'Therapist permissions', needs: 'provider' },
  {
    key: 'telehealth',
    group: 'Clinical',
    label: 'Provide clinical services, including telehealth',
    needs: 'provider',
  },
  {
    key: 'clinical_reports',
    group: 'Clinical',
    label: 'Run clinical documentation reports',
    needs: 'provider',
  },
  {
    key: 'billing_with_documentation',
    group: 'Billing',
    label: 'Billing with documentation access',
    needs: 'provider',
  },
  { key: 'billing', group: 'Billing', label: 'Billing without documentation access', needs: null },
  { key: 'scheduling', group: 'Front desk', label: 'Calendar and appointments', needs: null },
  {
    key: 'client_intake',
    group: 'Front desk',
    label: 'Enter basic client information',
    needs: null,
  },
  {
    key: 'system_settings',
    group: 'Administration',
    label: 'Manage system settings',
    needs: 'admin',
  },
  {
    key: 'org_admin',
    group: 'Administration',
    label: 'Organisational administration',
    needs: 'admin',
  },
  {
    key: 'staff_manage',
    group: 'Administration',
    label: 'Manage staff and permissions',
    needs: 'admin',
  },
  {
    key: 'licences_manage',
    group: 'Administration',
    label: 'Manage licences (licence manager)',
    needs: 'admin',
  },
];

export const PERMISSION_KEYS = PERMISSIONS.map((permission) => permission.key);

export function findPermission(key: string): PermissionRule | undefined {
  return PERMISSIONS.find((permission) => permission.key === key);
}
