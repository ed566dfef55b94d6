import { isObject, Json } from './objects';

/** A field path, e.g. `['spec', 'template', 'metadata', 'labels', 'app']`. */
export type FieldPath = string[];

// Fields the server sets or that identify the object: never owned by a manager.
const SYSTEM_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
]);
const SYSTEM_TOP = new Set(['apiVersion', 'kind', 'status']);

/**
 * The leaf fields an applied configuration sets. Maps are walked; lists are
 * atomic (one field each), which is where this double is "lite": the real API
 * server merges lists of containers, ports etc. by key.
 */
export function leafPaths(object: Json): FieldPath[] {
  const paths: FieldPath[] = [];
  const walk = (value: unknown, path: FieldPath) => {
    if (isObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) {
        if (path.length === 0 && SYSTEM_TOP.has(key)) continue;
        if (
          path.length === 1 &&
          path[0] === 'metadata' &&
          SYSTEM_METADATA.has(key)
        )
          continue;
        walk(child, [...path, key]);
      }
    } else if (path.length > 0) {
      paths.push(path);
    }
  };
  walk(object, []);
  return paths;
}

export const pathKey = (path: FieldPath) => JSON.stringify(path);

/** `.spec.replicas`, as conflict messages show a field. */
export const displayPath = (path: FieldPath) => `.${path.join('.')}`;

/** Leaf paths as the nested `FieldsV1` set of `metadata.managedFields`. */
export function toFieldsV1(paths: FieldPath[]): Json {
  const root: Json = {};
  for (const path of paths) {
    let node = root;
    for (const key of path) {
      const name = `f:${key}`;
      node[name] = isObject(node[name]) ? node[name] : {};
      node = node[name] as Json;
    }
  }
  return root;
}

/** The leaf paths of a `FieldsV1` set written by {@link toFieldsV1}. */
export function fromFieldsV1(fields: unknown): FieldPath[] {
  const paths: FieldPath[] = [];
  const walk = (node: unknown, path: FieldPath) => {
    const keys = isObject(node) ? Object.keys(node) : [];
    if (keys.length === 0) {
      if (path.length) paths.push(path);
      return;
    }
    for (const key of keys) {
      if (key.startsWith('f:')) {
        walk((node as Json)[key], [...path, key.slice(2)]);
      }
    }
  };
  walk(fields, []);
  return paths;
}

/** Removes a field, and the maps it leaves empty. */
export function deletePath(object: Json, path: FieldPath) {
  const parents: Json[] = [];
  let node: unknown = object;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node)) return;
    parents.push(node);
    node = node[key];
  }
  if (!isObject(node)) return;
  delete node[path[path.length - 1]];
  for (let i = path.length - 2; i >= 0; i--) {
    const child = parents[i][path[i]];
    if (isObject(child) && Object.keys(child).length === 0) {
      delete parents[i][path[i]];
    } else {
      break;
    }
  }
}

/** Applies a configuration onto an object: maps merge, everything else replaces. */
export function mergeInto(target: Json, applied: Json) {
  for (const [key, value] of Object.entries(applied)) {
    if (isObject(value) && isObject(target[key]) && Object.keys(value).length) {
      mergeInto(target[key] as Json, value);
    } else {
      target[key] = structuredClone(value);
    }
  }
}
