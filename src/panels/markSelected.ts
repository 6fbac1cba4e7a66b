// Heatmap labels with the selected one marked (▶), so the selected token stands out in every map.

export const SELECTED_MARK = '▶ ';

export function markSelected(labels: readonly string[], selected: number): string[] {
  return labels.map((l, i) => (i === selected ? `${SELECTED_MARK}${l}` : l));
}
