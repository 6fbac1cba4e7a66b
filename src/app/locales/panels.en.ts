// English texts of the panels views; spread into the main dictionary (en.ts).

export const panelsEn = {
} as const;
