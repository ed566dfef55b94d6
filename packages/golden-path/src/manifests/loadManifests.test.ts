import { createMockDirectory } from '@backstage/backend-test-utils';
import { loadManifests } from './loadManifests';

describe('loadManifests', () => {
  const mockDir = createMockDirectory();

  it('reads every YAML document of a directory with its file and index, skipping kustomizations', async () => {
    mockDir.setContent({
      'kustomization.yaml': 'resources: [a.yaml]',
      'a.yaml': '---\nkind: A\n---\n# only a comment\n---\nkind: B\n',
      'sub/c.yml': 'kind: C',
      'notes.md': 'kind: D',
    });
    const objects = await loadManifests(mockDir.path);
    expect(objects).toEqual([
      { object: { kind: 'A' }, source: mockDir.resolve('a.yaml'), index: 0 },
      { object: { kind: 'B' }, source: mockDir.resolve('a.yaml'), index: 2 },
      { object: { kind: 'C' }, source: mockDir.resolve('sub/c.yml'), index: 0 },
    ]);
    await expect(
      loadManifests([mockDir.resolve('sub/c.yml')]),
    ).resolves.toHaveLength(1);
  });

  it('names the file and document of invalid YAML', async () => {
    mockDir.setContent({
      'bad.yaml': 'kind: A\n---\nkind: [\n',
      'list.yaml': '- a',
    });
    await expect(loadManifests(mockDir.resolve('bad.yaml'))).rejects.toThrow(
      /Invalid YAML in '.*bad.yaml' \(document 1\)/,
    );
    await expect(loadManifests(mockDir.resolve('list.yaml'))).rejects.toThrow(
      /Document 0 of '.*list.yaml' is not a YAML mapping/,
    );
  });
});
