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

/** One line of the route table: every route names the permission it needs ('public': none). */
export interface Route {
  method: Method;
  path: string;
  permission: Permission | 'public';
  handlers: RequestHandler[];
}
