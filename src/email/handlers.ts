import type { Request, Response } from 'express';
import { mailbox } from './queries';

export async function showMailbox(req: Request, res: Response) {
  const mails = await mailbox(req.deps.db);
  return res.page('email/mailbox', { title: 'Mailbox', mails, smtp: Boolean(req.deps.config.smtpUrl) });
}
