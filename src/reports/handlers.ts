import type { Request, Response } from 'express';
import { z } from 'zod';
import { fieldErrors, optionalDay } from '../http/forms';
import { addDays, dayIn } from '../lib/clock';
import { callsByDisposition } from './calls';
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
  const { db, config, clock } = req.deps;
  const to = parsed.data.to ?? dayIn(clock.now(), config.tz);
  const from = parsed.data.from ?? addDays(to, -13);
  const [rows, byReason, calls] = await Promise.all([
    customerServiceReport(db, from, to, config.tz),
    reasonsReport(db, from, addDays(to, 1), config.tz),
    callsByDisposition(db, from, to, config.tz),
  ]);
  if (req.query.format === 'csv') return sendCsv(res, rows, from, to);
  const totals = totalsOf(rows);
  const locals = { title: TITLE, from, to, rows, chart: chartSvg(rows, from, to), errors: {}, totals, byReason };
  return res.page('reports/customer-service', { ...locals, calls });
}

function sendCsv(res: Response, rows: Parameters<typeof reportCsv>[0], from: string, to: string) {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="customer-service-${from}-${to}.csv"`);
  return res.send(reportCsv(rows));
}
