import { oneMutation, startBrowserHarness, type BrowserHarness } from '../../support/browser';

describe('the timeline: mentions, attachments, links and the kind filter (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h.close());

  it('a lead writes a note that mentions an agent, attaches a file and links a charge and an order; the agent reads it on the dashboard', async () => {
    const db = h.t.deps.db;
    const tara = await db('customers').where({ email: 'tara.trial@example.com' }).first();
    const sale = await db('transactions').where({ customer_id: tara.id, type: 'sale' }).orderBy('id', 'desc').first();
    const order = await db('orders').where({ customer_id: tara.id }).orderBy('id', 'desc').first();
    // Two earlier system lines to filter: one about money, one a change.
    await db('history_entries').insert([
      {
        customer_id: tara.id,
        kind: 'transaction.refunded',
        body: 'Refunded $5.00 of the sale',
        actor_name: 'Leo Lead',
      },
      { customer_id: tara.id, kind: 'customer.edited', body: 'Phone changed', actor_name: 'Leo Lead' },
    ]);
    const lead = await h.signedIn('lead@example.com');
    await lead.goto(`/customers/${tara.id}`);

    await lead.click('button[aria-label="Add a note"]');
    await lead.fill('#note-dialog textarea[name=body]', 'Asked @zed to check.');
    const refused = await oneMutation(lead, 'POST /customers/:id/notes', () =>
      lead.click('#note-dialog button[type=submit]'),
    );
    expect(refused.status()).toBe(422);
    await lead.waitForSelector('#note-dialog .field-error >> text=No colleague is called @zed');
    expect(await lead.inputValue('#note-dialog textarea[name=body]')).toBe('Asked @zed to check.');

    await lead.fill('#note-dialog textarea[name=body]', '@ava please call Tara back about this charge.');
    await lead.selectOption('#note-dialog select[name=transaction_id]', String(sale.id));
    await lead.selectOption('#note-dialog select[name=order_id]', String(order.id));
    await lead.setInputFiles('#note-dialog input[name=file]', {
      name: 'call-notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('what she said'),
    });
    const saved = await oneMutation(lead, 'POST /customers/:id/notes', () =>
      lead.click('#note-dialog button[type=submit]'),
    );
    expect(saved.status()).toBe(201);
    const entry = lead.locator('#history-list li.note').first();
    await entry.locator('text=@ava please call Tara back').waitFor();
    expect(await entry.locator('.note-file').textContent()).toContain('call-notes.txt');
    expect(await entry.locator('.note-transaction').textContent()).toBe(`Transaction #${sale.id}`);
    expect(await entry.locator('.note-order').textContent()).toBe(`Order ${order.public_id}`);
    const note = await db('history_entries')
      .where({ customer_id: tara.id, kind: 'note' })
      .orderBy('id', 'desc')
      .first();
    expect(note).toMatchObject({ transaction_id: sale.id, order_id: order.id });
    expect((await db('files').where({ id: note.file_id }).first()).filename).toBe('call-notes.txt');

    // The kind filter: money shows the charges' lines and not the note; notes shows the note.
    await lead.click('.history-filter >> text=Money');
    await lead.waitForSelector('#history-list li.note', { state: 'detached' });
    expect(await lead.locator('#history-list li.system .body').allTextContents()).toEqual([
      'Refunded $5.00 of the sale',
    ]);
    await lead.click('.history-filter >> text=Notes');
    await lead.waitForSelector('#history-list li.note >> text=@ava please call');
    expect(await lead.locator('#history-list li.system').count()).toBe(0);
    await lead.context().close();

    const agent = await h.signedIn('agent@example.com');
    const mention = agent.locator('#mentions li').first();
    await mention.locator('text=@ava please call Tara back').waitFor();
    expect(await mention.locator('.meta').textContent()).toContain('Leo Lead');
    await oneMutation(agent, 'POST /mentions/:id/read', () => mention.locator('button >> text=Mark read').click());
    await agent.waitForSelector('#mentions >> text=No unread notes mention you.');
    expect((await db('note_mentions').where({ history_entry_id: note.id }).first()).read_at).not.toBeNull();
    await agent.context().close();
  });
});
