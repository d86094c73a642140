import { EMAIL_TEMPLATES, DEMO_VALUES } from '../../../src/email/registry';
import { placeholdersIn, renderTemplate, renderTemplateHtml, templateProblem } from '../../../src/email/render';
import { templates } from '../../../src/email/templates';

describe('email templates: placeholders only, no code', () => {
  const allowed = ['first_name', 'amount'];

  it('finds the placeholders, spaces inside the braces allowed', () => {
    expect(placeholdersIn('Hi {{first_name}}, {{ amount }} and {{first_name}}')).toEqual(['first_name', 'amount']);
  });

  it.each([
    ['Hi {{first_name}}', null],
    ['No placeholder at all', null],
    ['Hi {{ first_name }}', null],
    ['Hi {{name}}', 'Unknown placeholder {{name}}: use only {{first_name}}, {{amount}}.'],
    ['{{a}} {{b}}', 'Unknown placeholders {{a}}, {{b}}: use only {{first_name}}, {{amount}}.'],
    ['Hi {{First Name}}', 'Write each placeholder as {{name}}, in lowercase letters, digits and _.'],
    ['Hi {{first_name', 'Write each placeholder as {{name}}, in lowercase letters, digits and _.'],
    ['<%= process.exit() %> {{amount}}', null], // just text: nothing here is evaluated
    ['{{constructor}}', 'Unknown placeholder {{constructor}}: use only {{first_name}}, {{amount}}.'],
  ])('%j → %j', (text, problem) => {
    expect(templateProblem(text, allowed)).toBe(problem);
  });

  it('substitutes plain text: a value is never read as a placeholder or code, a missing one reads "—"', () => {
    const values = { first_name: '{{amount}} <b>Eve</b>', amount: '$5.00' };
    expect(renderTemplate('Hi {{first_name}}, {{amount}}; {{order_id}}; <%= 1+1 %>', values)).toBe(
      'Hi {{amount}} <b>Eve</b>, $5.00; —; <%= 1+1 %>',
    );
    expect(renderTemplate('{{constructor}} {{tostring}}', {})).toBe('— —');
    expect(renderTemplateHtml('<p>Hi {{first_name}}</p>', values)).toBe(
      '&lt;p&gt;Hi {{amount}} &lt;b&gt;Eve&lt;/b&gt;&lt;/p&gt;',
    );
  });

  it('every default template uses only its own placeholders, and the demo customer fills all of them', () => {
    for (const [key, t] of Object.entries(EMAIL_TEMPLATES)) {
      expect([key, templateProblem(t.subject, t.placeholders), templateProblem(t.body, t.placeholders)]).toEqual([
        key,
        null,
        null,
      ]);
      for (const p of t.placeholders) expect(DEMO_VALUES[p]).toBeDefined();
    }
    expect(Object.keys(EMAIL_TEMPLATES).sort()).toEqual(
      [
        'cancellation',
        'pause',
        'recurring_declined',
        'recurring_order',
        'rebill_reminder',
        'refund',
        'refund_failed',
        'void',
        'welcome',
      ].sort(),
    );
  });

  it('the composed emails read as before and carry their values for an edited template', () => {
    const welcome = templates.welcome(
      { first_name: 'Ann' },
      {
        orderId: 'AB12',
        currency: 'USD',
        items: [{ name: 'Serum', quantity: 2, price_cents: 7990 }],
        totalCents: 7990,
      },
    );
    expect(welcome.subject).toBe('Your order AB12 is confirmed');
    expect(welcome.text).toBe(
      'Hi Ann,\n\nThank you for your order AB12.\n\n2 × Serum  $79.90\nTotal: $79.90\n\nWe will email you when it ships.\n\nThank you,\nCustomer Care',
    );
    expect(welcome.values).toMatchObject({ first_name: 'Ann', order_id: 'AB12', amount: '$79.90' });
    const refund = templates.refund(
      { first_name: 'Ann' },
      { amountCents: 500, currency: 'USD', orderId: null, last4: '4242' },
    );
    expect(refund.text).toContain('We have refunded $5.00 for order — to your card ending in 4242.');
  });
});
