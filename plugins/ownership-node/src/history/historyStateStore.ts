import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';
import { HistoryAggregatorState } from '@conway/plugin-ownership-common';

/**
 * Where the state of each repository's last mining is kept, so that the next
 * run reads only newer commits.
 *
 * @public
 */
export interface HistoryStateStore {
  get(key: string): Promise<HistoryAggregatorState | undefined>;
  set(key: string, state: HistoryAggregatorState): Promise<void>;
}

/** @public */
export class MemoryHistoryStateStore implements HistoryStateStore {
  private readonly states = new Map<string, HistoryAggregatorState>();
  async get(key: string) {
    return this.states.get(key);
  }
  async set(key: string, state: HistoryAggregatorState) {
    this.states.set(key, state);
  }
}

/**
 * One JSON file per repository in a directory; file names are hashes of the
 * key, so no key can name a path outside it. A file that cannot be read is
 * treated as absent (the repository is mined again).
 *
 * @public
 */
export class FileHistoryStateStore implements HistoryStateStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
    return path.join(this.dir, `${hash}.json`);
  }

  async get(key: string): Promise<HistoryAggregatorState | undefined> {
    try {
      const data = JSON.parse(
        await fs.promises.readFile(this.file(key), 'utf8'),
      );
      return data && data.key === key ? data.state : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, state: HistoryAggregatorState): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const target = this.file(key);
    const partial = `${target}.${process.pid}.tmp`;
    await fs.promises.writeFile(partial, JSON.stringify({ key, state }));
    // Replaced whole: a killed run leaves the previous state, never half a file.
    await fs.promises.rename(partial, target);
  }
}
