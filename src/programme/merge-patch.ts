/**
 * Applies a JSON merge patch (RFC 7396) to `target`: members of an object patch replace or merge
 * into the target's, `null` removes a member, and anything else (arrays included) replaces the
 * whole value. Never changes its arguments. Built with `Object.fromEntries`, so a `__proto__` key
 * stays an ordinary member.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const merged = new Map(isObject(target) ? Object.entries(target) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, mergePatch(merged.get(key), value));
  }
  return Object.fromEntries(merged);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
