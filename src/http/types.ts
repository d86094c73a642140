import type { RequestHandler } from 'express';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import type { Permission } from '../auth/permissions';

declare global {
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
    interface Request {
      deps: Deps;
    }
    interface Response {
      /** Renders `view` inside the layout (a full page). */
      page(view: string, locals?: Record<string, unknown>, status?: number): Promise<void>;
    }
  }
}

export interface Flash {
  type: 'success' | 'error' | 'info';
  text: string;
}

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/**
 * What a route needs: a permission (signed in), 'public' (nothing: login, health, the click-to-cancel
 * page) or 'portal' (no login: the customer's own pages, opened by the link token in the path, which
 * the portal's handlers check on every request).
 */
export type Access = Permission | 'public' | 'portal';

/** One line of the route table: every route names what it needs. */
export interface Route {
  method: Method;
  path: string;
  permission: Access;
  handlers: RequestHandler[];
}
