import fs from 'fs';
import path from 'path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { LineCounter, parseAllDocuments } from 'yaml';

/** An entity read from a catalog file. */
export interface LoadedEntity {
  entity: Record<string, unknown>;
  /** Absolute path of the file it came from. */
  file: string;
  /** Line of the document in the file (1-based). */
  line: number;
}

/** The annotation the catalog sets to the location an entity was read from. */
export const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/** A file that could not be read or parsed; fails the command. */
export interface LoadError {
  file: string;
  message: string;
}

export interface CatalogLoadResult {
  entities: LoadedEntity[];
  /** Every file read, absolute, in the order read. */
  files: string[];
  errors: LoadError[];
  /** Things skipped that do not fail the command (e.g. a Location target that does not exist). */
  warnings: string[];
}

const CATALOG_FILE_PATTERN = '**/catalog-info.{yaml,yml}';
const IGNORED_DIRECTORIES = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/dist-types/**',
];

function relative(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * Reads catalog files the way the catalog's file locations do: every YAML
 * document is an entity; a Location entity's `spec.target` / `spec.targets`
 * (relative to its file, globs allowed) are read too, recursively; each file
 * is read once, so Location cycles end. Inputs may be files, directories
 * (searched for catalog-info.yaml) or glob patterns.
 */
export function loadCatalogFiles(
  inputs: string[],
  cwd: string,
): CatalogLoadResult {
  const result: CatalogLoadResult = {
    entities: [],
    files: [],
    errors: [],
    warnings: [],
  };
  const seen = new Set<string>();
  const queue: Array<{ file: string; from?: string }> = [];

  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const files = globSync(input, {
        cwd,
        absolute: true,
        ignore: IGNORED_DIRECTORIES,
      }).sort();
      if (files.length === 0) {
        result.errors.push({
          file: input,
          message: 'the pattern matches no files',
        });
      }
      queue.push(...files.map(file => ({ file })));
      continue;
    }
    const file = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      result.errors.push({
        file: relative(cwd, file),
        message: 'no such file or directory',
      });
      continue;
    }
    if (stat.isDirectory()) {
      const files = globSync(CATALOG_FILE_PATTERN, {
        cwd: file,
        absolute: true,
        ignore: IGNORED_DIRECTORIES,
      }).sort();
      if (files.length === 0) {
        result.errors.push({
          file: relative(cwd, file),
          message: 'the directory contains no catalog-info.yaml',
        });
      }
      queue.push(...files.map(f => ({ file: f })));
    } else {
      queue.push({ file });
    }
  }

  // Depth-first, so entities come in the order the catalog would read them.
  queue.reverse();
  while (queue.length > 0) {
    const { file, from } = queue.pop()!;
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch {
      if (from) {
        result.warnings.push(
          `${from}: Location target ${relative(
            cwd,
            file,
          )} does not exist; skipped`,
        );
      } else {
        result.errors.push({
          file: relative(cwd, file),
          message: 'no such file',
        });
      }
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    result.files.push(file);
    const targets = readCatalogFile(file, cwd, result);
    for (let i = targets.length - 1; i >= 0; i--) queue.push(targets[i]);
  }
  return result;
}

/** Reads one file into `result`; returns the Location targets it names. */
function readCatalogFile(
  file: string,
  cwd: string,
  result: CatalogLoadResult,
): Array<{ file: string; from: string }> {
  const shown = relative(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    result.errors.push({
      file: shown,
      message: `cannot be read (${
        (error as NodeJS.ErrnoException).code ?? error
      })`,
    });
    return [];
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    prettyErrors: true,
    lineCounter,
  });
  const list = Array.isArray(documents) ? documents : [documents];
  const targets: Array<{ file: string; from: string }> = [];
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const where = error.linePos
        ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}`
        : `document ${index + 1}`;
      const firstLine = error.message.split('\n')[0];
      result.errors.push({
        file: shown,
        message: `YAML error at ${where}: ${firstLine.replace(
          / at line \d+, column \d+:?$/,
          '',
        )}`,
      });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      result.errors.push({
        file: shown,
        message: `document ${index + 1}: ${(error as Error).message}`,
      });
      return;
    }
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      result.errors.push({
        file: shown,
        message: `document ${index + 1} is not an entity (a mapping)`,
      });
      return;
    }
    const entity = value as Record<string, unknown>;
    const offset = doc.contents?.range?.[0] ?? doc.range[0];
    // Like the catalog, record where the entity came from (the analysis names it for duplicates).
    if (
      entity.metadata &&
      typeof entity.metadata === 'object' &&
      !Array.isArray(entity.metadata)
    ) {
      const metadata = entity.metadata as Record<string, unknown>;
      const annotations =
        metadata.annotations && typeof metadata.annotations === 'object'
          ? metadata.annotations
          : {};
      if (!(MANAGED_BY_LOCATION in annotations)) {
        metadata.annotations = {
          ...annotations,
          [MANAGED_BY_LOCATION]: `file:${shown}`,
        };
      }
    }
    result.entities.push({
      entity,
      file,
      line: lineCounter.linePos(offset).line,
    });
    if (
      typeof entity.kind === 'string' &&
      entity.kind.toLowerCase() === 'location'
    ) {
      targets.push(...locationTargets(entity, file, cwd, result));
    }
  });
  return targets;
}

function locationTargets(
  entity: Record<string, unknown>,
  file: string,
  cwd: string,
  result: CatalogLoadResult,
): Array<{ file: string; from: string }> {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const shown = relative(cwd, file);
  const type = typeof spec.type === 'string' ? spec.type : 'file';
  const raw = [
    ...(typeof spec.target === 'string' ? [spec.target] : []),
    ...(Array.isArray(spec.targets)
      ? spec.targets.filter((t): t is string => typeof t === 'string')
      : []),
  ];
  if (type !== 'file') {
    if (raw.length > 0) {
      result.warnings.push(
        `${shown}: Location of type '${type}' is not followed (only files are read)`,
      );
    }
    return [];
  }
  const out: Array<{ file: string; from: string }> = [];
  const base = path.dirname(file);
  for (const target of raw) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
      result.warnings.push(
        `${shown}: Location target ${target} is a URL; not followed`,
      );
      continue;
    }
    if (isDynamicPattern(target)) {
      const files = globSync(target, {
        cwd: base,
        absolute: true,
        ignore: IGNORED_DIRECTORIES,
      }).sort();
      if (files.length === 0) {
        result.warnings.push(
          `${shown}: Location target ${target} matches no files`,
        );
      }
      out.push(...files.map(f => ({ file: f, from: shown })));
    } else {
      out.push({ file: path.resolve(base, target), from: shown });
    }
  }
  return out;
}

/** The nearest catalog-info.yaml in `dir` or a directory above it. */
export function findDefaultCatalogFile(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of ['catalog-info.yaml', 'catalog-info.yml']) {
      const candidate = path.join(current, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    if (path.dirname(current) === current) return undefined;
  }
}
