// How the command line's JSON names a layer or head in its labels, in English: from 1, as the app
// does ("L1 H3", "layer 1"; the app's English locale writes the same forms, src/app/labels.ts, and a
// unit test holds them together). The JSON's `layer` and `head` fields stay indices from 0.

/** "L1 H3" for {layer 0, head 2}. */
export function headCode(layer: number, head: number): string {
  return `L${layer + 1} H${head + 1}`;
}

/** "layer 1" for layer index 0. */
export function layerCode(layer: number): string {
  return `layer ${layer + 1}`;
}
