import { StripeGateway } from '../../../src/payments/gateways/stripe';
import { createTestApp, signIn, type TestApp } from '../../support/app';
import { stripeMockUrl } from '../../support/stripe-mock';

describe('order entry and the test-cards page, by gateway', () => {
  describe('with the test gateway', () => {
    let t: TestApp;
    beforeAll(async () => (t = await createTestApp()));
    afterAll(() => t.close());

    it('takes a typed test card and lists the test cards right there', async () => {
      const { agent } = await signIn(t.app, 'agent@example.com');
      const sam = await t.deps.db('customers').where({ email: 'sam.shipped@example.com' }).first();
      const form = (await agent.get(`/orders/new?customer=${sam.id}`)).text;
      expect(form).toContain('name="new_card_number"');
      expect(form).toMatch(/<details class="sandbox-cards">\s*<summary>Test cards/);
      expect(form).toContain('4000000000000002');
      expect(form).not.toContain('Admin → Test cards');
    });

    it('says on the admin page that the test gateway is live', async () => {
      const { agent } = await signIn(t.app, 'owner@example.com');
      const page = (await agent.get('/admin/test-cards')).text;
      expect(page).toContain('The live gateway is <strong>the built-in test gateway</strong>');
      expect(page).toContain('4111111111111111');
    });
  });

  describe('with Stripe', () => {
    let t: TestApp;
    beforeAll(
      async () =>
        (t = await createTestApp({
          config: {
            gateway: 'stripe',
            stripe: { secretKey: 'sk_test_x', apiBase: stripeMockUrl(), webhookSecret: null },
          },
          gateway: new StripeGateway({ secretKey: 'sk_test_x', apiBase: stripeMockUrl() }),
        })),
    );
    afterAll(() => t.close());

    it('offers cards on file only: no card number field, no test cards', async () => {
      const { agent } = await signIn(t.app, 'agent@example.com');
      const sam = await t.deps.db('customers').where({ email: 'sam.shipped@example.com' }).first();
      const form = (await agent.get(`/orders/new?customer=${sam.id}`)).text;
      expect(form).not.toContain('new_card_number');
      expect(form).not.toContain('value="new"');
      expect(form).not.toMatch(/test cards/i);
    });

    it('refuses a forged typed card number and stores no card', async () => {
      const { agent, csrf } = await signIn(t.app, 'agent@example.com');
      const sam = await t.deps.db('customers').where({ email: 'sam.shipped@example.com' }).first();
      const option = await t.deps.db('product_options').where({ sku: 'GLOW-SERUM-1' }).first();
      const cardsBefore = await t.deps
        .db('payment_instruments')
        .where({ customer_id: sam.id })
        .count({ n: '*' })
        .first();
      const res = await agent
        .post('/orders')
        .type('form')
        .send(
          `_csrf=${csrf}&customer_id=${sam.id}&idempotency_key=forged-card-1&quantities%5B${option.id}%5D=1&shipping=4.95&card=new&new_card_number=4111111111111111`,
        );
      expect(res.status).toBe(303);
      expect(await t.deps.db('payment_instruments').where({ customer_id: sam.id }).count({ n: '*' }).first()).toEqual(
        cardsBefore,
      );
      expect(await t.deps.db('transactions').where({ idempotency_key: 'forged-card-1' })).toEqual([]);
    });

    it('says on the admin page that Stripe is live, with no test cards', async () => {
      const { agent } = await signIn(t.app, 'owner@example.com');
      const page = (await agent.get('/admin/test-cards')).text;
      expect(page).toContain('The live gateway is <strong>Stripe</strong>');
      expect(page).not.toContain('4111111111111111');
    });
  });
});
