import path from 'node:path';
import { DirectoryTemplateVersionSource } from '../DirectoryTemplateVersionSource';
import { loadTemplateVersion } from '../TemplateVersionSource';
import { FileTree, tempDir, writeTree } from './gitRepos';

/** template.yaml of the template `edge` with the given parameters. */
export const templateYaml = (
  version: string,
  properties: string,
  required: string,
) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: edge
  annotations:
    conway.dev/template-version: ${version}
spec:
  parameters:
    - required: [${required}]
      properties:
${properties}`;

export const NAME = `        name:
          type: string
`;
export const TOKEN = `        token:
          title: API token
          type: string
          ui:widget: password
`;
export const COLOUR = `        colour:
          type: string
`;

/** Packages versions of the template `edge` in a directory source. */
export function edgeVersions(versions: Record<string, FileTree>) {
  const root = tempDir();
  for (const [version, files] of Object.entries(versions)) {
    writeTree(path.join(root, 'edge', version), files);
  }
  const source = new DirectoryTemplateVersionSource({ root });
  return {
    source,
    load: (version: string) => loadTemplateVersion(source, 'edge', version),
  };
}
