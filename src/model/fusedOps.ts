// Operations of the training path with hand-written gradients: fewer, larger kernels per step than
// TF.js's automatic differentiation of the readable layers (dense.ts, attention.ts, layerNorm.ts),
// which the trace and every panel keep using. The maths is the same (CONTRACT §1); unit tests hold the
// values and the gradients of both paths equal.
//
// Where the time went before (Node, WASM backend, "tiny" preset, batch 16 × 64, 158 ms a step):
// batched [B, H, T, dk] attention products 65 ms (TF.js's WASM backend runs them in a scalar loop),
// transposes 11 ms, bias-gradient sums 11 ms, and ~1,400 kernel calls in all.

import * as tf from '@tensorflow/tfjs';
import type { AttentionShape } from './attentionKernel';
import { attentionKernel } from './attentionKernelWasm';
import { oneHotRows } from './embedding';
import { keyAttentionBackward, keyAttentionForward, type KeyAttentionShape } from './keyAttentionKernel';

/** Σ over rows of a [N, k] matrix as a [k] vector, as one 2-D product (TF.js's column sum is slower). */
function columnSum(x: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [x.shape[1]]);
}

/** The transpose of a 2-D tensor. */
function t2(x: tf.Tensor2D): tf.Tensor2D {
  return tf.transpose(x);
}

/**
 * Aᵀ·B for A [N, m], B [N, k], transposing whichever of A and B is narrower (a transpose costs in
 * proportion to its size; the WASM backend's product takes no transposed operand at full speed).
 */
function transposedTimes(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return a.shape[1] <= b.shape[1] ? tf.matMul(t2(a), b) : t2(tf.matMul(t2(b), a));
}

/**
 * y = x·W + b (then ReLU when `relu`), x [N, in], W [in, out], b [out]: one fused kernel forward;
 * backward dx = dy'·Wᵀ, dW = xᵀ·dy', db = 1ᵀ·dy' with dy' = dy ⊙ [y > 0] under ReLU. The products are
 * untransposed 2-D ones, which the WASM backend hands to XNNPACK.
 */
export function denseOp(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, relu = false): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const y = tf.fused.matMul({ a, b: w, bias: b, activation: relu ? 'relu' : 'linear' });
    save(relu ? [a, w, y] : [a, w]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sw, sy] = saved as tf.Tensor2D[];
        const g = (relu ? tf.mul(dy, tf.step(sy)) : dy) as tf.Tensor2D;
        return [tf.matMul(g, t2(sw)), transposedTimes(sa, g), columnSum(g)];
      },
    };
  });
  return op(x, kernel, bias) as tf.Tensor2D;
}

/**
 * Rows of `table` [V, d] picked by a one-hot matrix [N, V] (a product, whose gradient Oᵀ·dy is a
 * product too, faster than the scatter-add of a gather's gradient for a small vocabulary); no
 * gradient for the one-hot.
 */
export function embeddingOp(oneHot: tf.Tensor2D, table: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([oneHot]); // kept for the backward pass (the forward's other tensors are released)
    return {
      value: tf.matMul(oneHot, w),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => transposedTimes(saved[0] as tf.Tensor2D, dy as tf.Tensor2D),
    };
  });
  return op(table) as tf.Tensor2D;
}

/**
 * Rows of `table` [V, d] at `ids` (int32 [N]) → [N, d]: a gather forward; backward the scatter-add
 * dTable[ids[i]] += dy[i], one pass over dy's N·d values in JavaScript. The one-hot product costs
 * N·V·d forward and again backward, as much as the output layer when V is large; this costs N·d plus
 * the V·d zeros of the gradient. Reads ids and dy back from the backend (CPU and WASM backends only).
 */
export function gatherRowsOp(ids: tf.Tensor1D, table: tf.Tensor2D): tf.Tensor2D {
  const [vocab, d] = table.shape;
  const rows = ids.dataSync() as Int32Array;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const w = args[0] as tf.Tensor2D;
    return {
      value: tf.gather(w, ids),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const out = new Float32Array(vocab * d);
        for (let i = 0; i < rows.length; i++) {
          const to = rows[i] * d;
          const from = i * d;
          for (let k = 0; k < d; k++) out[to + k] += g[from + k];
        }
        return tf.tensor2d(out, [vocab, d]);
      },
    };
  });
  return op(table) as tf.Tensor2D;
}

/**
 * The vocabulary size from which the fused path looks token rows up with gatherRowsOp rather than
 * the one-hot product embeddingOp (measured in Node, WASM, batch 16 × 64, d 64: docs/benchmarks.md).
 */
export const GATHER_MIN_VOCAB = 256;

/**
 * How the fused path looks token rows up: 'auto' by whichever lookup is faster for the vocabulary;
 * 'one-hot' always by the product (as before the gather existed: TrainerMode.shippedTextOps).
 */
export type TokenLookup = 'auto' | 'one-hot';

/** The token rows of ids [B, T] from table [V, d] as [B·T, d]. */
export function tokenRowsOp(ids: tf.Tensor2D, table: tf.Tensor2D, lookup: TokenLookup = 'auto'): tf.Tensor2D {
  const [b, t] = ids.shape;
  const vocab = table.shape[0];
  if (lookup === 'auto' && vocab >= GATHER_MIN_VOCAB) return gatherRowsOp(tf.reshape(ids, [b * t]) as tf.Tensor1D, table);
  return embeddingOp(oneHotRows(ids, vocab), table);
}

/**
 * Causal multi-head attention on the fused projection qkv [B·T, 3d] (columns q | k | v) → the
 * concatenated heads [B·T, d], through the kernel of attentionKernel.ts. Reads its input back from
 * the backend, so it is for the CPU and WASM backends (where that is a copy in memory).
 */
export function causalAttentionOp(qkv: tf.Tensor2D, shape: AttentionShape): tf.Tensor2D {
  const kernel = attentionKernel();
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor2D;
    const values = x.dataSync() as Float32Array;
    const { z, weights } = kernel.forward(values, shape);
    const d = shape.heads * shape.headSize;
    return {
      value: tf.tensor2d(z, [shape.batch * shape.length, d]),
      gradFunc: (dy: tf.Tensor) =>
        tf.tensor2d(kernel.backward(values, weights, dy.dataSync() as Float32Array, shape), x.shape),
    };
  });
  return op(qkv) as tf.Tensor2D;
}

/**
 * LayerNorm over the last axis of x [N, d] (CONTRACT §1), with its gradient in closed form:
 * x̂ = (x − μ)·r, r = 1/√(σ² + ε); dx = r·(g − mean(g) − x̂·mean(g ⊙ x̂)) with g = dy ⊙ γ;
 * dγ = 1ᵀ·(dy ⊙ x̂), dβ = 1ᵀ·dy.
 */
export function layerNormOp(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, g, b, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const centred = tf.sub(xs, tf.mean(xs, -1, true));
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), epsilon)); // [N, 1]
    const xHat = tf.mul(centred, r) as tf.Tensor2D;
    save([xHat, r, g]);
    return {
      value: tf.add(tf.mul(xHat, g), b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sr, sg] = saved;
        const gx = tf.mul(dy, sg);
        const dx = tf.mul(sr, tf.sub(tf.sub(gx, tf.mean(gx, -1, true)), tf.mul(sx, tf.mean(tf.mul(gx, sx), -1, true))));
        return [dx, columnSum(tf.mul(dy, sx) as tf.Tensor2D), columnSum(dy as tf.Tensor2D)];
      },
    };
  });
  return op(x, gamma, beta) as tf.Tensor2D;
}

/**
 * The encoder's self-attention (no causal mask) on its fused projection qkv [B·S, 3d] (columns
 * q | k | v) → the concatenated heads [B·S, d]; keys whose `valid` flag is 0 (padding) are hidden.
 * Reads its input back from the backend (CPU and WASM backends only).
 */
export function bidirectionalAttentionOp(qkv: tf.Tensor2D, shape: KeyAttentionShape, valid: Uint8Array): tf.Tensor2D {
  const d = shape.heads * shape.headSize;
  const qAt = { stride: 3 * d, offset: 0 };
  const kAt = { stride: 3 * d, offset: d };
  const vAt = { stride: 3 * d, offset: 2 * d };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor2D;
    const values = x.dataSync() as Float32Array;
    const { z, weights } = keyAttentionForward(values, qAt, values, kAt, vAt, valid, shape);
    return {
      value: tf.tensor2d(z, [shape.batch * shape.queries, d]),
      gradFunc: (dy: tf.Tensor) => {
        const grad = new Float32Array(values.length);
        keyAttentionBackward(values, qAt, values, kAt, vAt, weights, dy.dataSync() as Float32Array, shape, grad, grad);
        return tf.tensor2d(grad, x.shape);
      },
    };
  });
  return op(qkv) as tf.Tensor2D;
}

/**
 * Cross-attention: queries q [B·T, d] from the decoder, keys and values kv [B·S, 2d] (columns k | v)
 * from the encoder's output → the concatenated heads [B·T, d]; padded source keys (`valid` 0) hidden.
 * Reads its inputs back from the backend (CPU and WASM backends only).
 */
export function crossAttentionOp(q: tf.Tensor2D, kv: tf.Tensor2D, shape: KeyAttentionShape, valid: Uint8Array): tf.Tensor2D {
  const d = shape.heads * shape.headSize;
  const qAt = { stride: d, offset: 0 };
  const kAt = { stride: 2 * d, offset: 0 };
  const vAt = { stride: 2 * d, offset: d };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [qt, kvt] = args as [tf.Tensor2D, tf.Tensor2D];
    const qv = qt.dataSync() as Float32Array;
    const kvv = kvt.dataSync() as Float32Array;
    const { z, weights } = keyAttentionForward(qv, qAt, kvv, kAt, vAt, valid, shape);
    return {
      value: tf.tensor2d(z, [shape.batch * shape.queries, d]),
      gradFunc: (dy: tf.Tensor) => {
        const dq = new Float32Array(qv.length);
        const dkv = new Float32Array(kvv.length);
        keyAttentionBackward(qv, qAt, kvv, kAt, vAt, weights, dy.dataSync() as Float32Array, shape, dq, dkv);
        return [tf.tensor2d(dq, qt.shape), tf.tensor2d(dkv, kvt.shape)];
      },
    };
  });
  return op(q, kv) as tf.Tensor2D;
}
