import { randomUUID } from 'node:crypto';
import {
  deletePath,
  displayPath,
  FieldPath,
  fromFieldsV1,
  leafPaths,
  mergeInto,
  pathKey,
  toFieldsV1,
} from './managedFields';
import {
  clone,
  deepEqual,
  getPath,
  isObject,
  Json,
  KubeObject,
} from './objects';
import { Discovery, groupVersion, ResourceType } from './resources';
import {
  applyConflict,
  badRequest,
  invalid,
  namespaceNotFound,
  notFound,
} from './status';
import { validateObject } from './validate';

/** A `metadata.managedFields` entry. */
interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Json;
}

/** Options of one server-side apply. */
export interface ApplyOptions {
  type: ResourceType;
  namespace?: string;
  name: string;
  fieldManager: string;
  force: boolean;
  dryRun: boolean;
}

/** Result of a server-side apply. */
export interface ApplyResult {
  object: KubeObject;
  created: boolean;
}

const keyOf = (namespace: string | undefined, name: string) =>
  namespace ? `${namespace}/${name}` : name;

/** Everything but the timestamps of managedFields, to detect no-op applies. */
function withoutTimes(object: KubeObject): unknown {
  const copy = clone(object);
  const entries = copy.metadata?.managedFields;
  if (Array.isArray(entries)) {
    for (const entry of entries) delete (entry as Json).time;
  }
  return copy;
}

/** Objects other than metadata and status changed: the generation moves. */
function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: KubeObject) => rest;
  return !deepEqual(strip(a), strip(b));
}

/**
 * The objects of the double, by resource type and `namespace/name`, with a
 * cluster-wide resourceVersion counter as the API server keeps in etcd.
 */
export class ObjectStore {
  readonly #discovery: Discovery;
  readonly #objects = new Map<ResourceType, Map<string, KubeObject>>();
  #resourceVersion = 1000;

  constructor(discovery: Discovery) {
    this.#discovery = discovery;
  }

  get resourceVersion(): string {
    return String(this.#resourceVersion);
  }

  #bucket(type: ResourceType): Map<string, KubeObject> {
    let bucket = this.#objects.get(type);
    if (!bucket) {
      bucket = new Map();
      this.#objects.set(type, bucket);
    }
    return bucket;
  }

  get(type: ResourceType, namespace: string | undefined, name: string) {
    return this.#bucket(type).get(keyOf(namespace, name));
  }

  namespaceExists(namespace: string): boolean {
    const type = this.#discovery.findKind('v1', 'Namespace');
    return type ? this.#bucket(type).has(namespace) : true;
  }

  /** Objects of a type, sorted by `namespace/name`, optionally in one namespace. */
  list(type: ResourceType, namespace?: string): Array<[string, KubeObject]> {
    const entries = [...this.#bucket(type)];
    const inNamespace = namespace
      ? entries.filter(([, o]) => o.metadata?.namespace === namespace)
      : entries;
    // Code-unit order, as the continue token's `key >= start` compares.
    return inNamespace.sort(([a], [b]) => (a < b ? -1 : 1));
  }

  all(): KubeObject[] {
    return [...this.#objects.values()].flatMap(b => [...b.values()]);
  }

  clear() {
    this.#objects.clear();
  }

  delete(type: ResourceType, namespace: string | undefined, name: string) {
    return this.#bucket(type).delete(keyOf(namespace, name));
  }

  #nextResourceVersion(): string {
    this.#resourceVersion += 1;
    return String(this.#resourceVersion);
  }

  /**
   * Stores an object as given (validated, with server fields filled in), as if
   * `manager` had written it; creates its namespace when missing.
   */
  seed(object: KubeObject, manager?: string, operation?: 'Apply' | 'Update') {
    const { apiVersion, kind } = object;
    const type =
      apiVersion && kind
        ? this.#discovery.findKind(apiVersion, kind)
        : undefined;
    if (!type) {
      throw new Error(
        `kube-test-server does not serve ${apiVersion ?? '(no apiVersion)'} ${
          kind ?? '(no kind)'
        }`,
      );
    }
    const copy = clone(object);
    copy.metadata = { ...copy.metadata };
    const name = String(copy.metadata.name ?? '');
    const namespace = type.namespaced
      ? String(copy.metadata.namespace ?? 'default')
      : undefined;
    const causes = validateObject(copy);
    if (causes.length) {
      throw new Error(
        `Seed object ${kind} '${name}' is invalid: ${causes
          .map(c => `${c.field}: ${c.message}`)
          .join('; ')}`,
      );
    }
    if (namespace) {
      copy.metadata.namespace = namespace;
      if (!this.namespaceExists(namespace)) {
        this.seed({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        });
      }
    }
    const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    copy.metadata.uid ??= randomUUID();
    copy.metadata.creationTimestamp ??= time;
    copy.metadata.generation ??= 1;
    copy.metadata.resourceVersion = this.#nextResourceVersion();
    if (manager) {
      copy.metadata.managedFields = [
        {
          manager,
          operation: operation ?? 'Update',
          apiVersion: groupVersion(type),
          time,
          fieldsType: 'FieldsV1',
          fieldsV1: toFieldsV1(leafPaths(copy)),
        } satisfies ManagedFieldsEntry,
      ];
    }
    this.#bucket(type).set(keyOf(namespace, name), copy);
  }

  /** Server-side apply: create or merge, with field ownership and conflicts. */
  apply(applied: KubeObject, options: ApplyOptions): ApplyResult {
    const { type, fieldManager, force, dryRun } = options;
    const apiVersion = groupVersion(type);
    const name = options.name;
    const namespace = type.namespaced ? options.namespace : undefined;
    if (applied.apiVersion !== apiVersion || applied.kind !== type.kind) {
      throw badRequest(
        `the API version and kind in the data (${
          applied.apiVersion ?? ''
        }, Kind=${
          applied.kind ?? ''
        }) do not match the expected API version and kind (${apiVersion}, Kind=${
          type.kind
        })`,
      );
    }
    const metadata = isObject(applied.metadata) ? applied.metadata : {};
    if (metadata.name === undefined || metadata.name === '') {
      throw invalid(type, name, [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: name is required',
          field: 'metadata.name',
        },
      ]);
    }
    if (metadata.name !== name) {
      throw badRequest(
        `the name of the object (${metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (
      namespace &&
      metadata.namespace !== undefined &&
      metadata.namespace !== namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (namespace && !this.namespaceExists(namespace)) {
      throw namespaceNotFound(namespace);
    }

    const live = this.get(type, namespace, name);
    const appliedPaths = leafPaths(applied);
    const managers: ManagedFieldsEntry[] = clone(
      (live?.metadata?.managedFields as ManagedFieldsEntry[] | undefined) ?? [],
    );
    const owned = new Map(
      managers.map(m => [m, new Set(fromFieldsV1(m.fieldsV1).map(pathKey))]),
    );

    // Conflicts: another manager owns a field this apply sets to another value.
    const conflicts: Array<{
      manager: ManagedFieldsEntry;
      path: FieldPath;
    }> = [];
    for (const path of appliedPaths) {
      const key = pathKey(path);
      for (const m of managers) {
        if (
          m.manager !== fieldManager &&
          owned.get(m)!.has(key) &&
          !deepEqual(getPath(live, path), getPath(applied, path))
        ) {
          conflicts.push({ manager: m, path });
        }
      }
    }
    if (conflicts.length && !force) {
      throw applyConflict(
        type,
        name,
        conflicts.map(c => ({
          manager: c.manager.manager,
          apiVersion: c.manager.apiVersion,
          field: displayPath(c.path),
        })),
      );
    }

    const next: KubeObject = live
      ? clone(live)
      : { apiVersion, kind: type.kind, metadata: {} };
    // Fields this manager applied before, no longer applies and nobody else owns go away.
    const appliedKeys = new Set(appliedPaths.map(pathKey));
    const mine = managers.find(
      m => m.manager === fieldManager && m.operation === 'Apply',
    );
    for (const path of mine ? fromFieldsV1(mine.fieldsV1) : []) {
      const key = pathKey(path);
      const ownedByOthers = managers.some(
        m => m !== mine && owned.get(m)!.has(key),
      );
      if (!appliedKeys.has(key) && !ownedByOthers) {
        deletePath(next, path);
      }
    }
    const { metadata: _ignored, ...rest } = applied;
    const { managedFields: _mf, ...appliedMetadata } = metadata;
    mergeInto(next, { ...rest, metadata: appliedMetadata });
    next.apiVersion = apiVersion;
    next.kind = type.kind;
    next.metadata = { ...next.metadata, name };
    if (namespace) next.metadata.namespace = namespace;

    const causes = validateObject(next, live);
    if (causes.length) {
      throw invalid(type, name, causes);
    }

    // Ownership: this manager owns what it applied; forced fields leave their old owners.
    const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const taken = new Set(conflicts.map(c => pathKey(c.path)));
    const nextManagers: ManagedFieldsEntry[] = [];
    for (const m of managers) {
      if (m === mine) continue;
      const keep = fromFieldsV1(m.fieldsV1).filter(
        p => !taken.has(pathKey(p)) || m.manager === fieldManager,
      );
      if (keep.length) {
        nextManagers.push({
          ...m,
          ...(keep.length !== owned.get(m)!.size
            ? { fieldsV1: toFieldsV1(keep), time }
            : {}),
        });
      }
    }
    const mineFields = toFieldsV1(appliedPaths);
    nextManagers.push({
      manager: fieldManager,
      operation: 'Apply',
      apiVersion,
      time: mine && deepEqual(mine.fieldsV1, mineFields) ? mine.time : time,
      fieldsType: 'FieldsV1',
      fieldsV1: mineFields,
    });
    next.metadata.managedFields = nextManagers;

    if (live && deepEqual(withoutTimes(next), withoutTimes(live))) {
      // A no-op apply writes nothing: same resourceVersion, as in Kubernetes.
      return { object: clone(live), created: false };
    }
    if (live) {
      next.metadata.generation =
        Number(live.metadata?.generation ?? 1) +
        (specChanged(live, next) ? 1 : 0);
    } else {
      next.metadata.uid = randomUUID();
      next.metadata.creationTimestamp = time;
      next.metadata.generation = 1;
    }
    if (dryRun) {
      if (!live) delete next.metadata.resourceVersion;
      return { object: next, created: !live };
    }
    next.metadata.resourceVersion = this.#nextResourceVersion();
    this.#bucket(type).set(keyOf(namespace, name), clone(next));
    return { object: next, created: !live };
  }

  notFound(type: ResourceType, name: string) {
    return notFound(type, name);
  }
}
