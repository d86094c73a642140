import type { Request, Response } from 'express';
import { z } from 'zod';
import { fieldErrors, optionalDay } from '../http/forms';
import { addDays, dayIn } from '../lib/clock';
import { chartSvg, customerServiceReport } from './customer-service';
import { reasonsReport } from './reasons';
import { reportCsv, totalsOf } from './totals';

const day = optionalDay();
const range = z.object({ from: day, to: day }).refine((r) => !r.from || !r.to || r.from <= r.to, {
  path: ['to'],
  message: 'The end date is before the start date.',
});
const TITLE = 'Customer Service report';

/** GET /reports/customer-service: actions per agent and day (the last two weeks by default), a chart, and `format=csv`. */
export async function customerService(req: Request, res: Response) {
  const parsed = range.safeParse(req.query);
  if (!parsed.success) {
    const { from, to } = req.query;
    const locals = { title: TITLE, from, to, rows: [], chart: '', errors: fieldErrors(parsed.error), totals: null };
    return res.page('reports/customer-service', locals, 422);
  }
  const to = parsed.data.to ?? dayIn(req.deps.clock.now(), req.deps.config.tz);
  const from = parsed.data.from ?? addDays(to, -13);
  const rows = await customerServiceReport(req.deps.db, from, to, req.deps.config.tz);
  if (req.query.format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="customer-service-${from}-${to}.csv"`);
    return res.send(reportCsv(rows));
  }
  const byReason = await reasonsReport(req.deps.db, from, addDays(to, 1), req.deps.config.tz);
  const locals = {
    title: TITLE,
    from,
    to,
    rows,
    chart: chartSvg(rows, from, to),
    errors: {},
    totals: totalsOf(rows),
    byReason,
  };
  return res.page('reports/customer-service', locals);
}
