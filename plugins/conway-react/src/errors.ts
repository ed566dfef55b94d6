import { ResponseError } from '@backstage/errors';

/**
 * The backend's own message for a failed request (e.g. the ref it rejected),
 * else the error's message.
 *
 * @public
 */
export function errorMessage(error: Error): string {
  return error instanceof ResponseError && error.cause?.message
    ? error.cause.message
    : error.message;
}

/**
 * True for a 404 from a backend, or a `NotFoundError`.
 *
 * @public
 */
export function isNotFound(error: Error | undefined): boolean {
  return (
    error !== undefined &&
    (error.name === 'NotFoundError' ||
      (error instanceof ResponseError && error.statusCode === 404))
  );
}
