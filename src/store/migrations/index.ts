import { initial } from './001-initial.js';
import { catalog } from './002-catalog.js';
import { keyOwners } from './003-key-owners.js';
import { idempotencyPerCaller } from './004-idempotency-per-caller.js';
import { staffEmailPerOrganization } from './005-staff-email-per-organization.js';
import { dueIndex } from './006-due-index.js';
import { checkpoints } from './007-checkpoints.js';
import { licencePools } from './008-licence-pools.js';
import { payments } from './009-payments.js';
import { collection } from './010-collection.js';
import { creditNotes } from './011-credit-notes.js';
import { gatewayEvents } from './012-gateway-events.js';
import { messages } from './013-messages.js';
import { invoiceAnnouncements } from './014-invoice-announcements.js';
import { signInLinks } from './015-sign-in-links.js';
import { reminders } from './016-reminders.js';
import { webhooks } from './017-webhooks.js';
import { licenceRequests } from './018-licence-requests.js';
import { vendorApproval } from './019-vendor-approval.js';

/** Every migration, in order. Applied once each, inside one transaction per migration. */
export const MIGRATIONS: readonly { readonly id: string; readonly sql: string }[] = [
  { id: '001-initial', sql: initial },
  { id: '002-catalog', sql: catalog },
  { id: '003-key-owners', sql: keyOwners },
  { id: '004-idempotency-per-caller', sql: idempotencyPerCaller },
  { id: '005-staff-email-per-organization', sql: staffEmailPerOrganization },
  { id: '006-due-index', sql: dueIndex },
  { id: '007-checkpoints', sql: checkpoints },
  { id: '008-licence-pools', sql: licencePools },
  { id: '009-payments', sql: payments },
  { id: '010-collection', sql: collection },
  { id: '011-credit-notes', sql: creditNotes },
  { id: '012-gateway-events', sql: gatewayEvents },
  { id: '013-messages', sql: messages },
  { id: '014-invoice-announcements', sql: invoiceAnnouncements },
  { id: '015-sign-in-links', sql: signInLinks },
  { id: '016-reminders', sql: reminders },
  { id: '017-webhooks', sql: webhooks },
  { id: '018-licence-requests', sql: licenceRequests },
  { id: '019-vendor-approval', sql: vendorApproval },
];
