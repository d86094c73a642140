import fs from 'node:fs';
import path from 'node:path';

// Every form that moves money back (a refund, a bulk refund, a void, an order cancellation that may
// refund) asks the agent first: htmx forms with hx-confirm, plain forms with a data-confirm button
// (public/app.js asks before they submit).
const VIEWS = path.join(__dirname, '../../../views');
const MONEY_BACK = /(hx-post|action)="(\/transactions\/[^"]*(refunds|voids)|\/orders\/[^"]*\/(refunds|cancellation))"/;

const templates = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? templates(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => f.endsWith('.ejs'));

describe('refund, bulk refund, void and cancel-with-refund forms ask first', () => {
  const forms = templates(VIEWS).flatMap((file) =>
    // EJS tags become "X" first: their `%>` would end a tag early.
    [
      ...fs
        .readFileSync(file, 'utf8')
        .replace(/<%[\s\S]*?%>/g, 'X')
        .matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g),
    ]
      .map((m) => m[0])
      .filter((form) => MONEY_BACK.test(form.slice(0, form.indexOf('>') + 1)))
      .map((form) => ({ file: path.relative(VIEWS, file), form })),
  );

  it('finds the forms', () => {
    expect(forms.map((f) => f.file).sort()).toEqual(
      expect.arrayContaining(['customers/show.ejs', 'orders/show.ejs', 'payments/_transaction_row.ejs']),
    );
  });

  it('each has hx-confirm on the form or data-confirm on its button', () => {
    const silent = forms
      .filter(
        ({ form }) =>
          !/hx-confirm="[^"]+"/.test(form.slice(0, form.indexOf('>') + 1)) && !/data-confirm="[^"]+"/.test(form),
      )
      .map(({ file, form }) => `${file}: ${form.slice(0, 120)}`);
    expect(silent).toEqual([]);
  });
});
