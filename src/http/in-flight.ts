import type { RequestHandler, Response } from 'express';

export interface InFlight {
  middleware: RequestHandler;
  /** Resolves once every request taken so far has been answered. */
  idle(): Promise<void>;
}

/**
 * Counts requests until their handler has answered. A closed connection is not enough: when the
 * client leaves early, the handler keeps querying, and the session is saved as the answer ends, so
 * shutdown must wait for `res.end` itself before ending the pools. Installed first, so the session
 * middleware's own `end` wrapper (the save) runs before this one is reached.
 */
export function inFlightRequests(): InFlight {
  let count = 0;
  let waiting: (() => void)[] = [];
  const answered = () => {
    count -= 1;
    if (count === 0) {
      for (const resolve of waiting) resolve();
      waiting = [];
    }
  };
  return {
    middleware(_req, res, next) {
      count += 1;
      const end = res.end;
      let done = false;
      res.end = function (this: Response, ...args: Parameters<Response['end']>) {
        try {
          return end.apply(this, args);
        } finally {
          if (!done) {
            done = true;
            answered();
          }
        }
      } as Response['end'];
      next();
    },
    idle: () => (count === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve))),
  };
}
