import { dockerfileUser } from './dockerfileUser';

describe('dockerfileUser', () => {
  it("reads the final stage's last USER", () => {
    expect(
      dockerfileUser(
        'FROM node AS build\nUSER node\nFROM gcr.io/distroless\nUSER 10001:10001\n',
      ),
    ).toBe('10001:10001');
    expect(
      dockerfileUser('FROM node AS build\nUSER node\nFROM alpine\nRUN true\n'),
    ).toBeNull();
    expect(dockerfileUser('FROM alpine\nuser \\\n  app\n# USER root\n')).toBe(
      'app',
    );
  });
});
