/**
 * Who may do what: one table, role → permissions (docs/RULES.md §Roles and permissions).
 * Every route names one of these; the server enforces it, hidden buttons are only a courtesy.
 */
export const ROLES = ['agent', 'cs_admin', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  agent: 'Customer Service Agent',
  cs_admin: 'Customer Service Admin',
  admin: 'Admin',
};

const AGENT = [
  'dashboard:view',
  'account:manage', // change one's own password
  'customers:view',
  'customers:create',
  'customers:edit',
  'customers:export',
  'notes:create',
  'files:manage',
  'orders:view',
  'orders:create',
  'orders:cancel',
  'transactions:refund',
  'transactions:void',
  'purchases:manage',
  'cards:manage', // add, default/backup, deactivate, edit a card on file
  'payments:collect', // charge a card on file, or register a payment made outside
  'fulfillments:manage',
  'emails:resend',
  'refund_queue:view',
  'calls:log', // log a call with its disposition on the profile
  'segments:save', // save, rename and delete one's own segments (segments.ts: owner or segments:manage_any)
] as const;

const CS_ADMIN = [
  ...AGENT,
  'blocklist:manage',
  'customers:merge',
  'credits:manage', // credit memos and payouts
  'refund_queue:drop',
  'reports:view',
  'qa:review', // approve or deny orders held in the QA queue (src/qa/)
  'customers:browse', // search without the "restrict customer search" setting's limits (search-rule.ts)
] as const;

const ADMIN = [
  ...CS_ADMIN,
  'users:manage',
  'settings:manage',
  'customers:delete',
  'events:view',
  'mailbox:view',
  'products:manage',
  'coupons:manage', // make coupons (agents redeem them: purchases:manage)
  'test_cards:view',
  'refund_queue:run',
  'transactions:refund_external', // record a refund made in the gateway's portal (a setting can let agents)
  'api_keys:manage',
  'webhooks:manage',
  'imports:run',
  'segments:manage_any', // rename or delete anyone's shared segment
  'recycle_profiles:manage', // recycle billing profiles (src/subscriptions/recycle-rule.ts)
  'email_templates:manage',
  'custom_fields:manage', // the custom fields agents fill on profiles
  'clubs:manage', // membership clubs and which product grants each
] as const;

export type Permission = (typeof ADMIN)[number];

export const PERMISSIONS: readonly Permission[] = ADMIN;

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  agent: new Set(AGENT),
  cs_admin: new Set(CS_ADMIN),
  admin: new Set(ADMIN),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
