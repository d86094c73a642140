import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError } from 'zod';
import { answerFor } from '../http/errors';
import { HttpError, type Failure, type FieldErrors } from '../lib/results';

/** An API refusal: thrown by middleware and handlers, answered as application/problem+json. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  502: 'Gateway did not answer',
};

/** RFC 9457: `type` names the stable `code`; `errors` maps a field's JSON path to what is wrong with it. */
export function sendProblem(res: Response, status: number, code: string, detail: string, fields?: FieldErrors) {
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `urn:continuity-desk:problem:${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail,
      ...(fields && Object.keys(fields).length ? { errors: fields } : {}),
    });
}

/** A service's expected failure, by its code; anything not listed is a 422. */
const STATUS_OF: Record<string, number> = {
  not_allowed: 409,
  edited_elsewhere: 409,
  login_taken: 409,
  in_flight: 409,
  key_reused: 422,
  gateway_errored: 502,
};

export const failureProblem = (f: Failure) => new ApiProblem(STATUS_OF[f.code] ?? 422, f.code, f.message, f.fields);

/** Zod's issues as field errors keyed by the JSON path ("items.0.quantity"). */
export function invalid(error: ZodError): ApiProblem {
  const fields: FieldErrors = {};
  for (const issue of error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
  return new ApiProblem(422, 'validation_failed', 'Some fields are missing or not valid; see errors.', fields);
}

export const notFoundProblem: RequestHandler = (_req, _res, next) =>
  next(new ApiProblem(404, 'not_found', 'No such endpoint. See /api/v1/openapi.json.'));

const CODES: Record<number, string> = { 400: 'malformed_request', 404: 'not_found', 409: 'conflict', 413: 'too_large' };

/**
 * Everything thrown under /api/v1: our problems as they are, missing records as 404, and library
 * errors (a body that is not JSON, a value PostgreSQL refuses) in the pages' words but as problems.
 * A 500 says nothing of its cause and is logged.
 */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof ApiProblem) return sendProblem(res, err.status, err.code, err.message, err.fields);
  const { status, text } = answerFor(err);
  if (status >= 500) req.deps?.logger.error({ err, url: req.originalUrl }, 'API request failed');
  const detail = err instanceof HttpError || status >= 500 ? text : text.replace(/Reload the page and s/, 'S');
  const code =
    status >= 500 ? 'internal_error' : status === 415 ? 'unsupported_media_type' : (CODES[status] ?? 'invalid_value');
  sendProblem(res, status, code, detail);
};
