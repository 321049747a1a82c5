import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { listMessages } from '../../app/notifications/message-log.js';
import { getPreferences, setPreferences } from '../../app/notifications/preferences.js';
import { CONFIGURABLE_KINDS, MAX_EXTRA_RECIPIENTS, ROLES } from '../../app/notifications/notify.js';
import { route, type Route } from '../route.js';

const Role = z.enum(ROLES as [string, ...string[]]);
const Kind = z.enum(CONFIGURABLE_KINDS as [string, ...string[]]);
const KindPreference = z.strictObject({
  roles: z.array(Role).max(ROLES.length),
  also: z.array(z.email().max(320)).max(MAX_EXTRA_RECIPIENTS).default([]),
});

const Preferences = z.object({
  billingEmail: z.string().nullable(),
  kinds: z.record(
    z.string(),
    z.object({
      roles: z.array(z.string()),
      also: z.array(z.string()),
      defaultRoles: z.array(z.string()),
    }),
  ),
});

export function notificationRoutes(context: AppContext): Route[] {
  return [
    route({
      method: 'GET',
      url: '/v1/messages',
      summary: "The organisation's mail log: every e-mail queued, to whom, its status and attempts",
      tag: 'Notifications',
      auth: true,
      scope: 'audit:read',
      query: z.strictObject({
        cursor: z.string().min(1).max(64).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(25),
        kind: z.string().min(1).max(64).optional(),
      }),
      response: z.object({
        data: z.array(
          z.object({
            id: z.string(),
            kind: z.string(),
            to: z.string(),
            toName: z.string().nullable(),
            subject: z.string(),
            status: z.enum(['pending', 'sent', 'failed']),
            attempts: z.int(),
            lastError: z.string().nullable(),
            createdAt: z.string(),
            sentAt: z.string().nullable(),
            nextAttemptAt: z.string().nullable(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
      handler: ({ actor, query }) => listMessages(context, actor, query),
    }),
    route({
      method: 'GET',
      url: '/v1/notification-preferences',
      summary:
        'Who gets which e-mail (by role: actor, billing_contact, owner, subject), and the billing contact',
      tag: 'Notifications',
      auth: true,
      response: Preferences,
      handler: ({ actor }) => getPreferences(context, actor),
    }),
    route({
      method: 'PUT',
      url: '/v1/notification-preferences',
      summary: 'Change who gets which e-mail; kinds not named keep theirs',
      tag: 'Notifications',
      auth: true,
      scope: 'billing:manage',
      body: z.strictObject({
        billingEmail: z.email().max(320).nullable().optional(),
        kinds: z.partialRecord(Kind, KindPreference).optional(),
      }),
      response: Preferences,
      handler: ({ actor, body }) =>
        setPreferences(context, actor, body as Parameters<typeof setPreferences>[2]),
    }),
  ];
}
