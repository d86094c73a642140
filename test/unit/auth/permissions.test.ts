import { can, PERMISSIONS, ROLES, type Permission, type Role } from '../../../src/auth/permissions';

// The table of docs/RULES.md §Roles and permissions, written out by hand: A = agent, C = cs_admin, D = admin.
const EXPECTED: Record<Permission, string> = {
  'dashboard:view': 'ACD',
  'account:manage': 'ACD',
  'customers:view': 'ACD',
  'customers:create': 'ACD',
  'customers:edit': 'ACD',
  'customers:export': 'ACD',
  'notes:create': 'ACD',
  'files:manage': 'ACD',
  'orders:view': 'ACD',
  'orders:create': 'ACD',
  'orders:cancel': 'ACD',
  'transactions:refund': 'ACD',
  'transactions:void': 'ACD',
  'purchases:manage': 'ACD',
  'cards:manage': 'ACD',
  'payments:collect': 'ACD',
  'fulfillments:manage': 'ACD',
  'emails:resend': 'ACD',
  'refund_queue:view': 'ACD',
  'segments:save': 'ACD',
  'calls:log': 'ACD',
  'blocklist:manage': 'CD',
  'customers:merge': 'CD',
  'credits:manage': 'CD',
  'refund_queue:drop': 'CD',
  'reports:view': 'CD',
  'customers:browse': 'CD',
  'qa:review': 'CD',
  'users:manage': 'D',
  'settings:manage': 'D',
  'customers:delete': 'D',
  'events:view': 'D',
  'mailbox:view': 'D',
  'products:manage': 'D',
  'coupons:manage': 'D',
  'test_cards:view': 'D',
  'refund_queue:run': 'D',
  'transactions:refund_external': 'D',
  'api_keys:manage': 'D',
  'webhooks:manage': 'D',
  'imports:run': 'D',
  'segments:manage_any': 'D',
  'recycle_profiles:manage': 'D',
  'email_templates:manage': 'D',
  'custom_fields:manage': 'D',
  'clubs:manage': 'D',
};

const LETTER: Record<Role, string> = { agent: 'A', cs_admin: 'C', admin: 'D' };

describe('permissions table', () => {
  it('lists exactly the permissions this test knows', () => {
    expect([...PERMISSIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = ROLES.flatMap((role) =>
    PERMISSIONS.map((permission) => [role, permission, EXPECTED[permission].includes(LETTER[role])] as const),
  );

  it.each(cases)('%s may %s: %s', (role, permission, allowed) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it('gives each role everything the role below it has', () => {
    for (const permission of PERMISSIONS) {
      if (can('agent', permission)) expect(can('cs_admin', permission)).toBe(true);
      if (can('cs_admin', permission)) expect(can('admin', permission)).toBe(true);
    }
  });
});
