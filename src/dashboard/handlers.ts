import type { Request, Response } from 'express';
import { startOfDay } from '../lib/time';
import { dashboardFigures } from './queries';

export async function show(req: Request, res: Response) {
  const { db, clock, config } = req.deps;
  const figures = await dashboardFigures(db, startOfDay(clock.now(), config.tz));
  return res.page('dashboard/show', { title: 'Dashboard', figures });
}

/** 200 when the database answers: for load balancers and container health checks. */
export async function health(req: Request, res: Response) {
  try {
    await req.deps.db.raw('SELECT 1');
    res.json({ status: 'ok' });
  } catch {
    res.status(503).json({ status: 'database unavailable' });
  }
}
