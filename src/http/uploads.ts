import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { HttpError } from '../lib/results';
import type { Route } from './types';

const UPLOAD = Symbol('takes a multipart body');

const MULTER_WORDS = new Map<string, [number, string]>([
  ['LIMIT_FILE_COUNT', [400, 'Attach one file at a time.']],
  ['LIMIT_UNEXPECTED_FILE', [400, 'Attach the file in the file field of the form.']],
  ['LIMIT_PART_COUNT', [413, 'The form has too many parts to accept.']],
  ['LIMIT_FIELD_COUNT', [413, 'The form has too many fields to accept.']],
  ['LIMIT_FIELD_KEY', [413, 'A field name in the form is too long.']],
  ['LIMIT_FIELD_VALUE', [413, 'A field in the form is too long.']],
]);

/** multer's and busboy's errors in our words ("Unexpected end of form" is busboy's). */
function uploadError(err: unknown, maxBytes: number): HttpError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE')
      return new HttpError(413, `That file is larger than ${maxBytes / 1024 / 1024} MB.`);
    const [status, text] = MULTER_WORDS.get(err.code) ?? [400, 'The upload could not be read. Choose the file again.'];
    return new HttpError(status, text);
  }
  return new HttpError(400, 'The upload could not be read. Choose the file again.');
}

type Refused = (req: Request, res: Response, error: HttpError) => Promise<unknown>;

/**
 * One file from a multipart form, held in memory up to `maxBytes`. The route table knows from this
 * handler that the route takes multipart; every other route refuses it (415). A refused upload goes to
 * `onRefused` (to show the form again) or to the error handler.
 */
export function fileUpload(field: string, maxBytes: number, onRefused?: Refused): RequestHandler {
  const single = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 100 * 1024 },
  }).single(field);
  const handler = (req: Request, res: Response, next: NextFunction) =>
    single(req, res, (err: unknown) => {
      if (!err) return next();
      const error = uploadError(err, maxBytes);
      if (!onRefused) return next(error);
      onRefused(req, res, error).catch(next);
    });
  return Object.assign(handler, { [UPLOAD]: true });
}

export const takesFiles = (route: Route) => route.handlers.some((h) => Object.hasOwn(h, UPLOAD));
