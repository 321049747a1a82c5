/** One audit entry as people read it: who, in words, did what to whom. Pure. */
export interface Described {
  readonly action: string;
  readonly actorName: string;
  readonly subjectName: string;
  readonly after: unknown;
  readonly before: unknown;
}

type Fields = Readonly<Record<string, unknown>>;

const fields = (value: unknown): Fields =>
  value && typeof value === 'object' ? (value as Fields) : {};

function seatsText(value: unknown): string {
  return Object.entries(fields(value))
    .map(([type, n]) => `${String(n)} ${type}`)
    .join(', ');
}

function day(value: unknown): string {
  return typeof value === 'string' ? ` from ${value.slice(0, 10)}` : '';
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

const CHANGE_VERB: Readonly<Record<string, string>> = {
  add: 'added',
  remove: 'removed',
  set: 'set licences to',
  withdraw: 'cancelled the removal of',
};

/** A sentence for each action; an action without one is named in plain words. */
export function describeEntry(entry: Described): string {
  const who = entry.actorName;
  const whom = entry.subjectName;
  const after = fields(entry.after);
  const before = fields(entry.before);
  switch (entry.action) {
    case 'licences.changed': {
      const verb = CHANGE_VERB[String(after['op'])] ?? 'changed licences:';
      const when = after['outcome'] === 'scheduled' ? day(after['effective']) : '';
      return `${who} ${verb} ${seatsText(after['seats'])}${when}`;
    }
    case 'licence.assigned':
      return `${who} gave ${whom} ${article(String(after['licenceType']))} ${String(after['licenceType'])} licence`;
    case 'licence.released':
      return `${who} took back ${whom}'s ${String(before['licenceType'] ?? after['licenceType'] ?? '')} licence`;
    case 'staff.created':
      return `${who} added ${whom}`;
    case 'staff.invited':
      return `${who} invited ${whom} to set a password`;
    case 'staff.updated':
      return after['status'] && after['status'] !== before['status']
        ? `${who} made ${whom} ${String(after['status'])}`
        : `${who} changed ${whom}'s details`;
    case 'staff.permissions_changed':
      return `${who} changed ${whom}'s permissions`;
    case 'staff.permissions_lapsed':
      return `${whom}'s permissions that needed a licence lapsed`;
    case 'subscription.renew':
      return `${who} renewed the term`;
    case 'subscription.cancel':
      return `${who} cancelled the subscription, ending${day(after['effective'])}`;
    case 'subscription.invoice_now':
      return `${who} invoiced the pending charges now`;
    case 'licence_request.created':
      return `${who} asked to ${String(after['summary'] ?? 'change licences')}`;
    case 'licence_request.approved':
    case 'licence_request.declined':
      return `${who} ${entry.action.endsWith('approved') ? 'approved' : 'declined'} the request to ${String(after['summary'] ?? '')}`;
    case 'licence_request.withdrawn':
      return `${who} withdrew their request to ${String(after['summary'] ?? '')}`;
    case 'api_key.created':
      return `${who} created an API key`;
    case 'api_key.revoked':
      return `${who} revoked an API key`;
    case 'organization.created':
      return `The organisation signed up, on ${String(after['plan'] ?? 'its plan')}`;
    case 'location.created':
      return `${who} opened a clinic`;
    default:
      return `${who}: ${entry.action.replace(/[._]/g, ' ')}${whom ? ` (${whom})` : ''}`;
  }
}
