// English texts of the stepper views; spread into the main dictionary (en.ts).

export const stepperEn = {
} as const;
