// English texts of the training views; spread into the main dictionary (en.ts).

export const trainingEn = {
} as const;
