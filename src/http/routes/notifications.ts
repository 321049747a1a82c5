import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
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
