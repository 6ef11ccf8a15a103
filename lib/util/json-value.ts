/** True for a JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the object has the member itself (never one inherited from a prototype). */
export function hasOwn(obj: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, name);
}

/** The value of an own property, never one inherited from a prototype. */
export function own(obj: Record<string, unknown> | undefined, name: string): unknown {
  return obj !== undefined && hasOwn(obj, name) ? obj[name] : undefined;
}
