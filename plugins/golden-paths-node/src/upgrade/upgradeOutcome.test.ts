import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { UpgradeError } from '@conway/golden-path';
import { toBackstageError } from './upgradeOutcome';

const unknown = (version: string) =>
  new UpgradeError(
    'unknown-version',
    `Unknown version ${version} of template 'typescript-service' in templates/; known versions: 1.4.0, 1.5.0`,
  );

describe('toBackstageError', () => {
  it('names the requested version as targetVersion when that is the unknown one', () => {
    const error = toBackstageError(unknown('9.9.9'), '9.9.9');
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "targetVersion: Unknown version 9.9.9 of template 'typescript-service' in templates/; known versions: 1.4.0, 1.5.0",
    );
  });

  it("names the service's recorded version when the record is the unknown one, not the requested version", () => {
    const error = toBackstageError(unknown('0.0.1'), '1.5.0');
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "version recorded in .conway/golden-path.json: Unknown version 0.0.1 of template 'typescript-service' in templates/; known versions: 1.4.0, 1.5.0",
    );
    expect((error as Error).message).not.toMatch(/targetVersion/);
    // Without a requested version (upgrade to the latest) it can only be the record.
    expect((toBackstageError(unknown('0.0.1')) as Error).message).toMatch(
      /^version recorded in \.conway\/golden-path\.json: Unknown version 0\.0\.1 /,
    );
  });

  it('maps the other refusals to their HTTP errors', () => {
    expect(
      toBackstageError(new UpgradeError('unknown-template', 'No template')),
    ).toBeInstanceOf(NotFoundError);
    expect(
      toBackstageError(new UpgradeError('dirty-working-copy', 'dirty')),
    ).toBeInstanceOf(ConflictError);
    const plain = new Error('disk full');
    expect(toBackstageError(plain, '1.5.0')).toBe(plain);
  });
});
