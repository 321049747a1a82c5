import type { Plan } from '../plans/index.js';

export interface Holding {
  readonly assignmentId: string;
  readonly staffId: string;
  readonly licenceType: string;
  readonly isOwner: boolean;
}

export interface RenewalLicenceRequest {
  /** Old type -> type of the next package, for types the next package does not have. */
  readonly mapping: Readonly<Record<string, string>>;
  /** Assignments to release when the next term starts. */
  readonly release: readonly string[];
}

/** What happens to each assignment when the next term starts. */
export interface RenewalLicencePlan {
  readonly keep: readonly { readonly assignmentId: string; readonly licenceType: string }[];
  readonly release: readonly string[];
}

export type RenewalLicenceResult =
  | { readonly ok: true; readonly plan: RenewalLicencePlan }
  | {
      readonly ok: false;
      readonly code: 'licences_in_use' | 'licence_mapping_required' | 'owner_requires_licence';
      readonly field: string;
      readonly message: string;
      readonly details: Readonly<Record<string, unknown>>;
    };

/**
 * The licences held today carried into the next term (004): each keeps its type when the next
 * package has it, or takes the type the request maps it to; the owner keeps the next package's
 * owner licence; the released ones go. Refused when a held type has nowhere to go, when the
 * owner would lose their licence, or when more would be held than the next term buys.
 */
export function planRenewalLicences(
  next: Plan,
  seats: ReadonlyMap<string, number>,
  holdings: readonly Holding[],
  request: RenewalLicenceRequest,
): RenewalLicenceResult {
  const has = (key: string) => next.licenceTypes.some((type) => type.key === key);
  for (const [from, to] of Object.entries(request.mapping)) {
    if (!has(to)) {
      return refuse(
        'licence_mapping_required',
        `licenceMapping.${from}`,
        `The next package has no licence type "${to}"`,
        {},
      );
    }
  }
  const released = new Set(request.release);
  const keep: { assignmentId: string; licenceType: string }[] = [];
  const release: string[] = [];
  const seen = new Set<string>();
  for (const holding of holdings) {
    if (released.has(holding.assignmentId)) {
      if (
        holding.isOwner &&
        next.service.ownerLicence !== null &&
        holding.licenceType === next.service.ownerLicence
      ) {
        return refuse(
          'owner_requires_licence',
          'release',
          'The account owner always keeps a licence',
          {},
        );
      }
      release.push(holding.assignmentId);
      continue;
    }
    let type = has(holding.licenceType)
      ? holding.licenceType
      : request.mapping[holding.licenceType];
    if (holding.isOwner && next.service.ownerLicence && !has(holding.licenceType)) {
      type = next.service.ownerLicence;
    }
    if (type === undefined) {
      return refuse(
        'licence_mapping_required',
        `licenceMapping.${holding.licenceType}`,
        `The next package has no ${holding.licenceType} licence: map it to one of ${next.licenceTypes.map((t) => t.key).join(', ')}, or release those held`,
        { licenceType: holding.licenceType },
      );
    }
    // Two old types mapped onto one: the member keeps one licence of it.
    const key = `${holding.staffId}/${type}`;
    if (seen.has(key)) {
      release.push(holding.assignmentId);
      continue;
    }
    seen.add(key);
    keep.push({ assignmentId: holding.assignmentId, licenceType: type });
  }
  for (const group of next.service.exclusiveLicences) {
    const clash = keep.find((k, i) =>
      keep.some(
        (other, j) =>
          j < i &&
          other.licenceType !== k.licenceType &&
          group.includes(other.licenceType) &&
          group.includes(k.licenceType) &&
          holdingOf(holdings, other.assignmentId) === holdingOf(holdings, k.assignmentId),
      ),
    );
    if (clash) {
      return refuse(
        'licence_mapping_required',
        'licenceMapping',
        `A member would hold ${group.join(' and ')} together, which the next package never allows: map them to one type, or release one`,
        { staffId: holdingOf(holdings, clash.assignmentId) },
      );
    }
  }
  for (const type of next.licenceTypes) {
    if (type.unlimited) continue;
    const held = keep.filter((k) => k.licenceType === type.key).length;
    const bought = seats.get(type.key) ?? 0;
    if (held > bought) {
      return refuse(
        'licences_in_use',
        `seats.${type.key}`,
        `${held} ${type.key} licences would be held in the next term, which buys ${bought}: buy more, or say which to release`,
        { licenceType: type.key, held, purchased: bought, releaseFirst: held - bought },
      );
    }
  }
  return { ok: true, plan: { keep, release } };
}

function holdingOf(holdings: readonly Holding[], assignmentId: string): string | undefined {
  return holdings.find((holding) => holding.assignmentId === assignmentId)?.staffId;
}

function refuse(
  code: 'licences_in_use' | 'licence_mapping_required' | 'owner_requires_licence',
  field: string,
  message: string,
  details: Readonly<Record<string, unknown>>,
): RenewalLicenceResult {
  return { ok: false, code, field, message, details };
}
