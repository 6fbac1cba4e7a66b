// A hook on the intermediates of the readable forward pass. Every layer passes each value it computes
// (the fields of the forward trace, src/shared/trace.ts) through `tap` and uses what it returns, so
// the caller can see, or replace, each of them where it is made. The default is the identity (the
// same tensor, not a copy): training and tracing without a tap compute exactly what they did before.
// src/train/backward.ts adds a zero variable to each intermediate (x + z) and takes ∂loss/∂z, which
// is ∂loss/∂x: the gradient of the loss with respect to every intermediate, from TF.js's own backward pass.

import type * as tf from '@tensorflow/tfjs';

export type Tap = <T extends tf.Tensor>(x: T) => T;

/** The tap that changes nothing. */
export const noTap: Tap = (x) => x;
