// Size limits of checkpoint files (CONTRACT §2), shared by the codec (src/model/checkpoint.ts), the CLI
// and the page, which checks a chosen file's size (File.size) before reading any of it, so that a
// 200 MB file is refused at once instead of being read into memory first.

/** Largest weights.bin accepted (bytes); the largest config within CONFIG_BOUNDS a user trains here is far below. */
export const DEFAULT_MAX_CHECKPOINT_BYTES = 64 * 1024 * 1024;
/** model.json is small apart from the vocabulary; 4 M characters hold a 50 000-word vocabulary with room to spare. */
export const MAX_MODEL_JSON_CHARS = 4 * 1024 * 1024;
/** The same limit in bytes of the file (UTF-8 spends at most 3 bytes per UTF-16 code unit). */
export const MAX_MODEL_JSON_BYTES = MAX_MODEL_JSON_CHARS * 3;
/**
 * Deepest nesting of arrays/objects model.json may have (it needs 5). A hostile file of a million
 * nested brackets is refused by a linear scan before JSON.parse ever sees it.
 */
export const MAX_MODEL_JSON_DEPTH = 32;

export type CheckpointFileProblem =
  | { kind: 'json-too-large'; bytes: number; limit: number }
  | { kind: 'weights-too-large'; bytes: number; limit: number }
  | { kind: 'empty'; file: 'model.json' | 'weights.bin' };

/** Checks the two files' sizes (in bytes) before they are read; null when they may be read. */
export function checkCheckpointFileSizes(jsonBytes: number, weightsBytes: number): CheckpointFileProblem | null {
  if (jsonBytes > MAX_MODEL_JSON_BYTES) return { kind: 'json-too-large', bytes: jsonBytes, limit: MAX_MODEL_JSON_BYTES };
  if (weightsBytes > DEFAULT_MAX_CHECKPOINT_BYTES) {
    return { kind: 'weights-too-large', bytes: weightsBytes, limit: DEFAULT_MAX_CHECKPOINT_BYTES };
  }
  if (jsonBytes === 0) return { kind: 'empty', file: 'model.json' };
  if (weightsBytes === 0) return { kind: 'empty', file: 'weights.bin' };
  return null;
}

/**
 * Most array elements + object members model.json may hold in all: the vocabulary (≤ 50 000 words)
 * and the manifest (≤ 8 layers × 16 weights) need far fewer. Counted by the same scan, so a file of
 * hundreds of thousands of keys is refused before JSON.parse builds them.
 */
export const MAX_MODEL_JSON_ITEMS = 100_000;

export type JsonShapeProblem = { kind: 'depth'; at: number; limit: number } | { kind: 'items'; at: number; limit: number };

/**
 * Scans JSON text once (strings skipped, escapes honoured) for nesting of [ and { deeper than
 * `maxDepth` and for more than `maxItems` elements/members in all (commas outside strings + 1).
 * Returns the first problem with its character offset, or null. Linear, no recursion.
 */
export function scanJsonShape(
  text: string,
  maxDepth: number = MAX_MODEL_JSON_DEPTH,
  maxItems: number = MAX_MODEL_JSON_ITEMS,
): JsonShapeProblem | null {
  let depth = 0;
  let items = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return { kind: 'depth', at: i, limit: maxDepth };
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
    else if (c === 0x2c /* , */ && ++items >= maxItems) return { kind: 'items', at: i, limit: maxItems };
  }
  return null;
}
