/** Expected failures are results with a snake_case code and a sentence an agent understands. */
export type Failure<C extends string = string> = { ok: false; code: C; message: string; fields?: FieldErrors };
export type Result<T, C extends string = string> = ({ ok: true } & T) | Failure<C>;
export type FieldErrors = Record<string, string>;

export function fail<C extends string>(code: C, message: string, fields?: FieldErrors): Failure<C> {
  return { ok: false, code, message, ...(fields ? { fields } : {}) };
}

/** Bugs and missing records throw; the error handler renders these with their status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  constructor(what = 'That record') {
    super(404, `${what} was not found.`);
  }
}
