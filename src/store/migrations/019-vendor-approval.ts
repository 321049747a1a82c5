/**
 * Removals the vendor approves (12): on a plan with `removalApproval: "vendor"`, a removal
 * approved by the customer waits for the vendor (`awaiting_vendor`) in the operator's queue.
 */
export const vendorApproval = `
alter table licence_requests drop constraint licence_requests_status_check;
alter table licence_requests add constraint licence_requests_status_check
  check (status in ('pending', 'awaiting_vendor', 'approved', 'declined', 'withdrawn'));
create index licence_requests_vendor_queue on licence_requests (created_at)
  where status = 'awaiting_vendor';
`;
