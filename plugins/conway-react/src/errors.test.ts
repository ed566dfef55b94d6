import { NotFoundError, ResponseError } from '@backstage/errors';
import { errorMessage, isNotFound } from './errors';

const responseError = (status: number, body: unknown) =>
  ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status,
      statusText: 'Failed',
      headers: { 'Content-Type': 'application/json' },
    }),
  );

describe('errorMessage', () => {
  it("prefers the backend's own message", async () => {
    const error = await responseError(400, {
      error: { name: 'InputError', message: "Invalid ref 'x'" },
      response: { statusCode: 400 },
    });
    expect(errorMessage(error)).toBe("Invalid ref 'x'");
  });

  it("falls back to the error's message", () => {
    expect(errorMessage(new Error('offline'))).toBe('offline');
  });
});

describe('isNotFound', () => {
  it('is true for a 404 response and a NotFoundError', async () => {
    expect(isNotFound(await responseError(404, {}))).toBe(true);
    expect(isNotFound(new NotFoundError('gone'))).toBe(true);
  });

  it('is false for other failures and for no error', async () => {
    expect(isNotFound(await responseError(500, {}))).toBe(false);
    expect(isNotFound(new Error('x'))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
});
