// Counts the bytes the worker posts to the page (for the benchmark): transferred buffers by their
// length, everything else estimated (strings 2 bytes per character, numbers 8, typed arrays by length).

let posted = 0;

function estimate(value: unknown, seen: Set<ArrayBufferLike>, depth: number): number {
  if (value === null || value === undefined) return 1;
  switch (typeof value) {
    case 'number':
      return 8;
    case 'boolean':
      return 1;
    case 'string':
      return value.length * 2;
    case 'object':
      break;
    default:
      return 0;
  }
  if (depth > 12) return 0;
  if (ArrayBuffer.isView(value)) {
    if (seen.has(value.buffer)) return 0;
    seen.add(value.buffer);
    return value.buffer.byteLength;
  }
  if (value instanceof ArrayBuffer) {
    if (seen.has(value)) return 0;
    seen.add(value);
    return value.byteLength;
  }
  let n = 0;
  if (Array.isArray(value)) {
    for (const v of value) n += estimate(v, seen, depth + 1);
    return n;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) n += k.length * 2 + estimate(v, seen, depth + 1);
  return n;
}

/** Adds the size of one message to the total. */
export function countPosted(message: unknown): void {
  posted += estimate(message, new Set(), 0);
}

export function bytesPosted(): number {
  return posted;
}
