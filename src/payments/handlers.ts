import type { Request, Response } from 'express';
import { TEST_CARDS } from './test-cards';

export function testCards(_req: Request, res: Response) {
  return res.page('payments/test-cards', { title: 'Test cards', cards: TEST_CARDS });
}
