import type { ReactNode } from 'react';
import { useSession } from '../session';

const WHO: Readonly<Record<string, string>> = {
  'billing:manage': 'people who manage billing',
  'licences:manage': 'people who manage licences',
  'staff:manage': 'people who manage staff',
  'audit:read': 'people who may read the audit log',
};

/**
 * What only some may do (docs/security.md): shown to those whose permissions allow it; to
 * anyone else, a line saying who can, never a control that ends in a refusal (12).
 */
export function Requires(props: { scope: string; to: string; children: ReactNode }) {
  const { can } = useSession();
  if (can(props.scope)) return <>{props.children}</>;
  return (
    <p className="muted small" role="note">
      Only {WHO[props.scope] ?? `people with ${props.scope}`} can {props.to}.
    </p>
  );
}
