/** A JSON value, as found in answers and parsed YAML. @public */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON object. @public */
export type JsonObject = { [key: string]: JsonValue };

/** @internal */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
