import type { Request } from 'express';
import type { Flash } from './types';

export function flash(req: Request, type: Flash['type'], text: string): void {
  (req.session.flash ??= []).push({ type, text });
}

export function takeFlash(req: Request): Flash[] {
  const messages = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  return messages;
}
