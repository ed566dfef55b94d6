import type { Finding } from '../findings';
import { isJsonObject, JsonObject } from '../types';
import type { ManifestObject } from './types';

export const asObject = (value: unknown): JsonObject =>
  isJsonObject(value) ? value : {};

export const asObjects = (value: unknown): JsonObject[] =>
  Array.isArray(value) ? value.filter(isJsonObject) : [];

export const kindOf = (m: ManifestObject) => String(m.object.kind ?? '');
export const nameOf = (m: ManifestObject) =>
  String(asObject(m.object.metadata).name ?? '');
export const namespaceOf = (m: ManifestObject) =>
  String(asObject(m.object.metadata).namespace ?? '');

export function labelsOf(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(asObject(value)).map(([k, v]) => [k, String(v)]),
  );
}

/** `Deployment/orders` */
export const describeObject = (m: ManifestObject) =>
  `${kindOf(m) || '(no kind)'}/${nameOf(m) || '(no name)'}`;

/** A finding about one object. */
export function findingFor(
  m: ManifestObject,
  id: string,
  severity: Finding['severity'],
  message: string,
): Finding {
  return {
    id,
    severity,
    message,
    object: describeObject(m),
    source: m.source,
    index: m.index,
  };
}
