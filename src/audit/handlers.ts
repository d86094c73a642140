import type { Request, Response } from 'express';
import { fieldErrors } from '../http/forms';
import { isHtmx } from '../http/htmx';
import { eventFilters, eventPage, recentKinds, usersForFilter } from './queries';

/** GET /admin/events: the event log with its filters in the URL; htmx gets the table only. */
export async function index(req: Request, res: Response) {
  const parsed = eventFilters.safeParse(req.query);
  const [users, kinds] = await Promise.all([usersForFilter(req.deps.db), recentKinds(req.deps.db)]);
  if (!parsed.success) {
    const locals = {
      title: 'Event log',
      filters: req.query,
      errors: fieldErrors(parsed.error),
      events: [],
      nextBefore: null,
      users,
      kinds,
    };
    return isHtmx(req) ? res.status(422).render('audit/_events', locals) : res.page('audit/index', locals, 422);
  }
  const page = await eventPage(req.deps.db, parsed.data, req.deps.config.tz);
  const locals = { title: 'Event log', filters: parsed.data, errors: {}, ...page, users, kinds };
  return isHtmx(req) ? res.render('audit/_events', locals) : res.page('audit/index', locals);
}
