import type { Request, Response } from 'express';
import { idParam } from '../../http/params';
import { markMentionRead, unreadMentions } from '../mentions';

const region = async (req: Request, res: Response) =>
  res.render('customers/_mentions', { mentions: await unreadMentions(req.deps.db, req.user!.id) });

/** GET /mentions: the dashboard's "mentioned you" region (loaded by the dashboard, swapped after each read). */
export const list = region;

/** POST /mentions/:id/read: the mention leaves the dashboard. */
export async function markRead(req: Request, res: Response) {
  await markMentionRead(req.deps.db, req.user!, idParam(req, 'That mention'));
  return region(req, res);
}
