import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { assignLicence } from '../../app/licences/assign-licence.js';
import { releaseLicence, setLicenceActive } from '../../app/licences/release-licence.js';
import { createStaff, resendInvitation } from '../../app/staff/create-staff.js';
import { memberLeft } from '../../app/staff/member-left.js';
import { getStaff, listStaff } from '../../app/staff/staff-queries.js';
import { setPermissions, updateStaff } from '../../app/staff/update-staff.js';
import { cursorQuery, page, route, type Route } from '../route.js';
import { Assignment, Id, Permission, PreviewQuery, Quote, Staff } from '../schemas.js';

const StaffParams = z.strictObject({ staffId: Id });
const LicenceParams = z.strictObject({ staffId: Id, licenceType: z.string().min(1).max(64) });

export function staffRoutes(context: AppContext): Route[] {
  return [
    route({
      method: 'GET',
      url: '/v1/staff',
      summary: 'Staff, searched and filtered, a page at a time',
      tag: 'Staff',
      auth: true,
      query: z.strictObject({
        search: z.string().max(200).optional(),
        status: z.enum(['active', 'inactive']).optional(),
        locationId: Id.optional(),
        licenceType: z.string().max(64).optional(),
        ...cursorQuery,
      }),
      response: page(Staff),
      handler: ({ actor, query }) => listStaff(context, actor, query),
    }),
    route({
      method: 'POST',
      url: '/v1/staff',
      summary:
        'Add a staff member (without a licence: assign one next); without a password, they are sent an invitation to set one',
      tag: 'Staff',
      auth: true,
      scope: 'staff:manage',
      status: 201,
      body: z.strictObject({
        name: z.string().min(1).max(200),
        email: z.email().max(320),
        password: z.string().min(10).max(200).optional(),
        locationId: Id.optional(),
        permissions: z.array(Permission).max(50).default([]),
      }),
      response: Staff.extend({
        invitationSentTo: z
          .string()
          .nullable()
          .describe(
            'Who the invitation e-mail (a single-use link to set a password) was queued for',
          ),
      }),
      handler: ({ actor, body }) => createStaff(context, actor, body),
    }),
    route({
      method: 'POST',
      url: '/v1/staff/:staffId/invitation',
      summary:
        'Send the staff member a new invitation to set a password (the earlier link stops working)',
      tag: 'Staff',
      auth: true,
      scope: 'staff:manage',
      params: StaffParams,
      response: z.object({ invitationSentTo: z.string() }),
      handler: ({ actor, params }) => resendInvitation(context, actor, params.staffId),
    }),
    route({
      method: 'GET',
      url: '/v1/staff/:staffId',
      summary: 'A staff member, their licences and permissions',
      tag: 'Staff',
      auth: true,
      params: StaffParams,
      response: Staff,
      handler: ({ actor, params }) => getStaff(context, actor, params.staffId),
    }),
    route({
      method: 'PATCH',
      url: '/v1/staff/:staffId',
      summary:
        'Rename, or make active or inactive: an inactive member is signed out and their licences go back to the pool, still billed until removed (001, 002)',
      tag: 'Staff',
      auth: true,
      params: StaffParams,
      body: z.strictObject({
        name: z.string().min(1).max(200).optional(),
        status: z.enum(['active', 'inactive']).optional(),
      }),
      response: Staff.extend({
        licencesReturned: z
          .array(z.object({ licenceType: z.string(), subscriptionId: Id }))
          .describe(
            'Licences this change returned to the pool: unused, still billed until removed',
          ),
      }),
      handler: ({ actor, params, body }) => updateStaff(context, actor, params.staffId, body),
    }),
    route({
      method: 'PUT',
      url: '/v1/staff/:staffId/permissions',
      summary: 'Replace permissions; signs the member out (confirmLogout when they are signed in)',
      tag: 'Staff',
      auth: true,
      params: StaffParams,
      body: z.strictObject({
        permissions: z.array(z.string().max(64)).max(50),
        confirmLogout: z.boolean().default(false),
      }),
      response: Staff.extend({ sessionsEnded: z.int() }),
      handler: ({ actor, params, body }) =>
        setPermissions(context, actor, params.staffId, body.permissions, body.confirmLogout),
    }),
    route({
      method: 'POST',
      url: '/v1/staff/:staffId/departure',
      summary:
        'A member left: inactive and signed out, licences back in the pool, and optionally as many removed from the next cycle (reason staff_left); ?preview=true prices it and changes nothing',
      tag: 'Staff',
      auth: true,
      scope: 'staff:manage',
      params: StaffParams,
      query: PreviewQuery,
      body: z.strictObject({
        removeLicences: z.boolean().default(false),
        explanation: z.string().max(2000).optional(),
      }),
      response: z.object({
        preview: z.boolean(),
        staffId: Id,
        name: z.string(),
        released: z.array(z.object({ licenceType: z.string(), subscriptionId: Id })),
        removals: z.array(
          z.object({
            subscriptionId: Id,
            seats: z.record(z.string(), z.int()),
            quote: z.union([
              Quote,
              z.object({
                refused: z.object({
                  code: z.string(),
                  message: z.string(),
                  field: z.string().nullable(),
                }),
              }),
            ]),
          }),
        ),
      }),
      handler: ({ actor, params, query, body }) =>
        memberLeft(context, actor, params.staffId, body, query.preview === 'true'),
    }),
    route({
      method: 'POST',
      url: '/v1/staff/:staffId/licences',
      summary: 'Assign a licence from the pool; it is switched off until switched on (003)',
      tag: 'Licences',
      auth: true,
      scope: 'licences:manage',
      status: 201,
      params: StaffParams,
      body: z.strictObject({
        licenceType: z.string().min(1).max(64),
        locationId: Id.optional(),
        active: z.boolean().optional(),
      }),
      response: Assignment,
      handler: ({ actor, params, body }) => assignLicence(context, actor, params.staffId, body),
    }),
    route({
      method: 'PATCH',
      url: '/v1/staff/:staffId/licences/:licenceType',
      summary: 'Switch a licence on or off',
      tag: 'Licences',
      auth: true,
      params: LicenceParams,
      body: z.strictObject({ active: z.boolean() }),
      response: Assignment,
      handler: ({ actor, params, body }) =>
        setLicenceActive(context, actor, params.staffId, params.licenceType, body.active),
    }),
    route({
      method: 'DELETE',
      url: '/v1/staff/:staffId/licences/:licenceType',
      summary: 'Release a licence back into the pool (it stays purchased and billed until removed)',
      tag: 'Licences',
      auth: true,
      status: 204,
      params: LicenceParams,
      query: z.strictObject({ reason: z.string().max(500).optional() }),
      response: z.null(),
      handler: async ({ actor, params, query }) => {
        await releaseLicence(
          context,
          actor,
          params.staffId,
          params.licenceType,
          query.reason ?? null,
        );
        return null;
      },
    }),
  ];
}
