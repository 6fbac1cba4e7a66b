// How layers and heads are named (src/app/labels.ts builds every such label from these); spread into
// the main dictionary (en.ts). Numbers here are already counted from 1.

export const labelsEn = {
  'label.layer': 'layer {n}',
  'label.head': 'head {n}',
  'label.layerHead': 'layer {layer}, head {head}',
  'label.layerShort': 'L{n}',
  'label.layerHeadShort': 'L{layer} H{head}',
} as const;
