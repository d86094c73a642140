import type { SessionUser } from '../../../src/auth/service';
import { enqueueEmail } from '../../../src/email/outbox';
import { resetTemplate, saveTemplate } from '../../../src/email/template-admin';
import { templates } from '../../../src/email/templates';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

describe('edited email templates', () => {
  let t: TestDatabase;
  let owner: SessionUser;
  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    owner = await sessionUser(t.db, 'owner@example.com');
  });
  afterAll(() => t.drop());

  const send = async () => {
    const email = templates.refund(
      { first_name: 'Ann' },
      { amountCents: 1250, currency: 'USD', orderId: 'AB12', last4: '4242' },
    );
    const id = await t.db.transaction((trx) => enqueueEmail(trx, new Date(), 'ann@example.com', email, null));
    return t.db('email_outbox').where({ id }).first();
  };

  it('an email is sent with the saved text, and keeps the text it had when the template changes again', async () => {
    expect((await send()).subject).toBe('Your refund of $12.50');
    const saved = await saveTemplate(t.db, owner, 'refund', {
      subject: 'Money back: {{amount}}',
      body: 'Dear {{first_name}}, {{amount}} is on its way to card {{card_last4}} (order {{order_id}}).',
    });
    expect(saved.ok).toBe(true);
    const first = await send();
    expect(first).toMatchObject({
      template: 'refund',
      subject: 'Money back: $12.50',
      text_body: 'Dear Ann, $12.50 is on its way to card 4242 (order AB12).',
    });
    await resetTemplate(t.db, owner, 'refund');
    expect((await send()).subject).toBe('Your refund of $12.50');
    expect((await t.db('email_outbox').where({ id: first.id }).first()).subject).toBe('Money back: $12.50');
    const kinds = await t.db('events').whereIn('kind', ['email_template.saved', 'email_template.reset']).pluck('kind');
    expect(kinds).toEqual(['email_template.saved', 'email_template.reset']);
  });

  it('refuses an unknown placeholder and writes nothing', async () => {
    const result = await saveTemplate(t.db, owner, 'void', { subject: 'Hi {{nickname}}', body: 'ok' });
    expect(result).toMatchObject({
      ok: false,
      code: 'bad_placeholder',
      fields: { subject: expect.stringContaining('Unknown placeholder {{nickname}}') },
    });
    expect(await t.db('email_templates').where({ key: 'void' }).first()).toBeUndefined();
  });
});
