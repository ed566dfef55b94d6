import { describePath } from './StartCampaignDialog';

describe('describePath', () => {
  const path = {
    name: 'typescript-service',
    title: 'TypeScript service',
    currentVersion: '1.4.0',
    versions: [{ version: '1.4.0' }, { version: '1.5.0' }],
    serviceCount: 4,
    behindCount: 0,
  } as any;

  it('counts the services behind the current version only for that version', () => {
    expect(describePath(path, '1.4.0')).toBe('0 of 4 services behind 1.4.0');
    // The counts say nothing about 1.5.0: no '0 behind' next to it.
    expect(describePath(path, '1.5.0')).toBe(
      '4 services on this golden path; those before 1.5.0 join the campaign',
    );
    expect(describePath(undefined, '1.5.0')).toBeUndefined();
  });
});
