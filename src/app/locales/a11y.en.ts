// English texts of the accessibility aids (text alternatives of figures); merged into en.ts.

export const a11yEn = {
  'a11y.table.min': 'smallest',
  'a11y.table.max': 'largest',
  'a11y.table.argmax': 'largest at',
};
