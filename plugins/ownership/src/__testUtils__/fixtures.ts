import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  analyzeOwnership,
  OwnershipEntity,
} from '@conway/plugin-ownership-common';
import { OwnershipApi } from '../api/OwnershipApi';
import { OwnershipReportResponse } from '../api/types';

const ORG_DIR = path.resolve(__dirname, '../../../../org');

/** The entities of the example organisation (org/*.yaml), each once. */
export function exampleEntities(): OwnershipEntity[] {
  const entities: OwnershipEntity[] = [];
  const seen = new Set<string>();
  for (const file of fs.readdirSync(ORG_DIR).sort()) {
    if (!file.endsWith('.yaml')) continue;
    const text = fs.readFileSync(path.join(ORG_DIR, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const e = doc.toJSON();
      const key =
        `${e?.kind}:${e?.metadata?.namespace}/${e?.metadata?.name}`.toLowerCase();
      if (!e?.kind || seen.has(key)) continue;
      seen.add(key);
      entities.push(e);
    }
  }
  return entities;
}

/** The report of the example organisation (org/*.yaml), as the backend serves it. */
export function exampleReport(): OwnershipReportResponse {
  return {
    ...analyzeOwnership(exampleEntities()),
    generatedAt: '2025-01-01T12:00:00.000Z',
  };
}

export function mockOwnershipApi(
  overrides: Partial<OwnershipApi> = {},
): jest.Mocked<OwnershipApi> {
  return {
    getReport: jest.fn().mockResolvedValue(exampleReport()),
    getTeam: jest.fn(),
    getEntity: jest.fn(),
    whatIf: jest.fn(),
    exportReport: jest.fn(),
    refresh: jest.fn(),
    getHistory: jest.fn(),
    getComponentHistory: jest.fn(),
    getTeamHistory: jest.fn(),
    ...overrides,
  } as jest.Mocked<OwnershipApi>;
}
