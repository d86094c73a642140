import type { Request, Response } from 'express';
import { databaseAnswers } from '../db/health';
import { startOfDay } from '../lib/time';
import { dashboardFigures } from './queries';

export async function show(req: Request, res: Response) {
  const { db, clock, config } = req.deps;
  const now = clock.now();
  const figures = await dashboardFigures(db, startOfDay(now, config.tz), now);
  const ageSeconds = Math.max(0, Math.round((now.getTime() - figures.countedAt.getTime()) / 1000));
  return res.page('dashboard/show', { title: 'Dashboard', figures, countedAt: figures.countedAt, ageSeconds });
}

/** 200 when the database answers (asked at most once a second, db/health.ts): for load balancers and containers. */
export async function health(req: Request, res: Response) {
  if (await databaseAnswers(req.deps.db)) res.json({ status: 'ok' });
  else res.status(503).json({ status: 'database unavailable' });
}
