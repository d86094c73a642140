import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { fieldErrors, optionalDay } from '../http/forms';
import { addDays, dayIn } from '../lib/clock';
import { chartSvg, customerServiceReport } from './customer-service';

const day = optionalDay();
const range = z.object({ from: day, to: day }).refine((r) => !r.from || !r.to || r.from <= r.to, {
  path: ['to'],
  message: 'The end date is before the start date.',
});

/** GET /reports/customer-service: actions per agent and day, a chart, and `format=csv`. */
export async function customerService(req: Request, res: Response) {
  const today = dayIn(req.deps.clock.now(), req.deps.config.tz);
  const parsed = range.safeParse(req.query);
  if (!parsed.success)
    return res.page(
      'reports/customer-service',
      {
        title: 'Customer Service report',
        from: req.query.from,
        to: req.query.to,
        rows: [],
        chart: '',
        errors: fieldErrors(parsed.error),
        totals: null,
      },
      422,
    );
  const to = parsed.data.to ?? today;
  const from = parsed.data.from ?? addDays(to, -13);
  const rows = await customerServiceReport(req.deps.db, from, to, req.deps.config.tz);
  if (req.query.format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="customer-service-${from}-${to}.csv"`);
    return res.send(
      stringify(
        rows.map((r) => ({
          ...r,
          refundAmount: (r.refundCents / 100).toFixed(2),
          voidAmount: (r.voidCents / 100).toFixed(2),
        })),
        {
          header: true,
          columns: [
            'day',
            'agent',
            'refunds',
            'refundAmount',
            'voids',
            'voidAmount',
            'cancellations',
            'notes',
            'emails',
          ],
        },
      ),
    );
  }
  const totals = rows.reduce(
    (t, r) => ({
      refunds: t.refunds + r.refunds,
      refundCents: t.refundCents + r.refundCents,
      voids: t.voids + r.voids,
      voidCents: t.voidCents + r.voidCents,
      cancellations: t.cancellations + r.cancellations,
      notes: t.notes + r.notes,
      emails: t.emails + r.emails,
    }),
    { refunds: 0, refundCents: 0, voids: 0, voidCents: 0, cancellations: 0, notes: 0, emails: 0 },
  );
  return res.page('reports/customer-service', {
    title: 'Customer Service report',
    from,
    to,
    rows,
    chart: chartSvg(rows, from, to),
    errors: {},
    totals,
  });
}
