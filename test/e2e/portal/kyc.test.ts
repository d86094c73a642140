import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

const PHONE = { width: 390, height: 844 };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe('KYC documents (Chromium; the customer on a phone)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());
  const db = () => h.t.deps.db;

  it('an agent asks for two documents; the customer uploads both on a phone; the agent accepts one and rejects the other, whose reason the customer reads', async () => {
    const alice = await db()('customers').where({ email: 'alice.refundable@example.com' }).first();
    const agent = await h.signedIn('agent@example.com');
    await agent.goto(`/customers/${alice.id}`);
    await agent.waitForSelector('#kyc-documents form');
    await agent.waitForSelector('#portal-links form');
    const linksBefore = await agent.locator('#portal-links tr[data-link]').count();
    await agent.check('#kyc-documents input[value=identity]');
    await agent.check('#kyc-documents input[value=address]');
    await agent.fill('#kyc-documents textarea[name=message]', 'We need these to keep your account open.');
    await oneMutation(agent, 'POST /customers/:id/kyc', () =>
      agent.click('#kyc-documents button:has-text("Ask for documents")'),
    );
    expect(await agent.textContent('#kyc-link-created')).toContain('Asked by email to alice.refundable@example.com');
    expect(await agent.locator('#kyc-documents [data-status=requested]').count()).toBe(2);
    // The documents link is a portal link: the links list shows it without a reload (out of band).
    const link = await db()('portal_links').where({ customer_id: alice.id, purpose: 'documents' }).first();
    await agent.waitForSelector(`#portal-links tr[data-link="${link.id}"]`);
    expect(await agent.locator('#portal-links tr[data-link]').count()).toBe(linksBefore + 1);
    expect(await agent.locator('#portal-links').count()).toBe(1);
    const mail = await db()('email_outbox').where({ customer_id: alice.id, template: 'kyc_request' }).first();
    const url = h.baseUrl + /http:\/\/portal\.test(\/portal\/\S+)/.exec(mail.text_body)![1];

    const context = await h.browser.newContext({ viewport: PHONE });
    const phone = await context.newPage();
    await phone.goto(url);
    expect(await phone.textContent('h1')).toBe('Your documents');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const docs = await db()('kyc_documents').where({ customer_id: alice.id }).orderBy('id');
    for (const d of docs) {
      await phone.setInputFiles(`#document-${d.id} input[type=file]`, {
        name: 'scan.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
      await oneMutation(phone, 'POST /portal/:token/documents/:id', () =>
        phone.click(`#document-${d.id} button[type=submit]`),
      );
      expect(await phone.textContent('[role=status]')).toContain('we have your document');
      expect(await phone.textContent(`#document-${d.id} [data-status]`)).toBe('received, being checked');
    }
    expect((await db()('kyc_documents').where({ customer_id: alice.id }).pluck('status')).sort()).toEqual([
      'pending',
      'pending',
    ]);

    await agent.reload();
    await agent.waitForSelector('#kyc-documents [data-status=pending]');
    const identity = '#kyc-documents tr[data-document=identity]';
    await oneMutation(agent, 'POST /customers/:id/kyc/:docId/review', () =>
      agent.click(`${identity} button:has-text("Accept")`),
    );
    expect(await agent.textContent(`${identity} [data-status]`)).toBe('accepted');
    const address = '#kyc-documents tr[data-document=address]';
    await agent.fill(`${address} input[name=reason]`, 'The bill is older than three months.');
    await oneMutation(agent, 'POST /customers/:id/kyc/:docId/review', () =>
      agent.click(`${address} button:has-text("Reject")`),
    );
    expect(await agent.textContent(`${address} [data-status]`)).toBe('rejected');
    expect(await db()('kyc_documents').where({ customer_id: alice.id }).orderBy('id').pluck('status')).toEqual([
      'accepted',
      'rejected',
    ]);

    await phone.reload();
    expect(await phone.textContent('[data-reason]')).toContain('The bill is older than three months.');
    await context.close();
  });
});
