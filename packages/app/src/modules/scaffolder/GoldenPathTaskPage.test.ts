import { cleanErrorMessage, withoutStackTraces } from './GoldenPathTaskPage';

const STACK = `ConflictError: Repository 'orders-api' already exists at /srv/repos/orders-api
    at LocalRepositories.create (/app/LocalRepositories.ts:120:13)
    at async Object.handler (/app/publishLocal.ts:98:22)`;

describe('the task page', () => {
  it('keeps log lines and drops stack frames', () => {
    expect(
      withoutStackTraces({
        render: ['Rendered 42 files'],
        publishLocal: ['Publishing', STACK],
      }),
    ).toEqual({
      render: ['Rendered 42 files'],
      publishLocal: [
        'Publishing',
        "ConflictError: Repository 'orders-api' already exists at /srv/repos/orders-api",
      ],
    });
  });

  it('shows an error message without its stack', () => {
    expect(cleanErrorMessage(STACK)).toBe(
      "ConflictError: Repository 'orders-api' already exists at /srv/repos/orders-api",
    );
    expect(cleanErrorMessage('owner: not a member')).toBe(
      'owner: not a member',
    );
  });
});
