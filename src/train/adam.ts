// Adam (Kingma & Ba 2015, Algorithm 1) with explicit ε, a learning rate that may change on every
// step, and a state that can be exported and imported (autosave / resume):
//   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,
//   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ),   θ ← θ − lr · m̂ / (√v̂ + ε).
// Optional decoupled weight decay (AdamW, Loshchilov & Hutter 2019, Algorithm 2) on the weight
// matrices (kernels, the token embedding, a learned position table; not biases or LayerNorm γ, β):
//   θ ← θ − lr · (m̂ / (√v̂ + ε) + λθ)   i.e.   θ ← (1 − lr·λ)·θ − lr · m̂ / (√v̂ + ε).
// λ = 0 (the default) runs exactly the kernels of plain Adam.

import * as tf from '@tensorflow/tfjs';
import type { NamedVariable } from '../model/transformer';
import type { WeightMap } from '../model/weights';

export interface AdamHyper {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled weight decay λ of the weight matrices (AdamW); absent or 0: none. */
  weightDecay?: number;
}

/** The parameters weight decay applies to: matrices (kernels, embeddings), not biases or LayerNorm γ, β. */
export function decaysWeight(name: string): boolean {
  return name.endsWith('/kernel') || name === 'embedding/token' || name === 'embedding/position';
}

interface Slot {
  name: string;
  variable: tf.Variable;
  /** Where this parameter's entries sit in the flat m and v. */
  offset: number;
  size: number;
  /** Weight decay applies to it (decaysWeight). */
  decays: boolean;
}

/**
 * The moments m and v of every parameter are kept in two flat vectors, in parameter order, and one
 * update is a handful of element-wise kernels over all parameters at once (then one slice and one
 * assignment per parameter) instead of a dozen kernels per parameter: at this model's size the
 * per-kernel overhead, not the arithmetic, is what an update costs.
 */
export class Adam {
  private readonly slots: Slot[];
  private readonly m: tf.Variable; // [P]
  private readonly v: tf.Variable; // [P]
  private t = 0;

  /** Zero-initialised moments for the given parameters. */
  constructor(params: readonly NamedVariable[]) {
    let offset = 0;
    this.slots = params.map(({ name, variable }) => {
      const slot = { name, variable, offset, size: variable.size, decays: decaysWeight(name) };
      offset += variable.size;
      return slot;
    });
    // The zeros are released by tidy; the variables keep their own reference to the data.
    this.m = tf.tidy(() => tf.variable(tf.zeros([offset]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([offset]), false));
  }

  /** Gradients in parameter order as one flat vector (what applyFlat takes). Call inside tf.tidy. */
  static flatten(grads: readonly tf.Tensor[]): tf.Tensor1D {
    return tf.concat(grads.map((g) => tf.reshape(g, [-1]))) as tf.Tensor1D;
  }

  /** Number of updates applied so far (t of the bias correction is step + 1 on the next update). */
  get step(): number {
    return this.t;
  }

  set step(value: number) {
    this.t = Math.max(0, Math.floor(value));
  }

  get names(): string[] {
    return this.slots.map((s) => s.name);
  }

  /**
   * Applies one update. `grads[i]` is the gradient of the i-th parameter given to the constructor.
   * Runs inside its own tf.tidy; parameters, m and v are assigned in place.
   */
  apply(grads: readonly tf.Tensor[], learningRate: number, hyper: AdamHyper): void {
    if (grads.length !== this.slots.length) {
      throw new Error(`Adam: expected ${this.slots.length} gradients, got ${grads.length}`);
    }
    tf.tidy(() => this.applyFlat(Adam.flatten(grads), learningRate, hyper));
  }

  /** Applies one update from the gradients flattened in parameter order (Adam.flatten). */
  applyFlat(g: tf.Tensor1D, learningRate: number, hyper: AdamHyper): void {
    if (g.size !== this.m.size) throw new Error(`Adam: expected ${this.m.size} gradient entries, got ${g.size}`);
    const t = this.t + 1;
    const { beta1, beta2, epsilon } = hyper;
    const c1 = 1 - Math.pow(beta1, t);
    const c2 = 1 - Math.pow(beta2, t);
    tf.tidy(() => {
      const m = tf.add(tf.mul(this.m, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(g), 1 - beta2));
      // Element by element the same kernels in the same order as one update per parameter would be.
      const mHat = tf.div(m, c1);
      const vHat = tf.div(v, c2);
      const update = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), learningRate) as tf.Tensor1D;
      this.m.assign(m);
      this.v.assign(v);
      const decay = hyper.weightDecay ?? 0;
      this.subtract(update, decay > 0 ? 1 - learningRate * decay : 1);
    });
    this.t = t;
  }

  /**
   * θ ← θ − update, parameter by parameter. On WebGL the flat update is sliced on the GPU. On the CPU
   * and WASM backends it is read back (a copy in memory) and each parameter's part uploaded: TF.js's
   * WASM slice kernel took ~0.3 ms a slice here, 8 ms for the 30 parameters, the read-back 0.15 ms.
   */
  private subtract(update: tf.Tensor1D, keep: number): void {
    // θ·keep for the decayed parameters (keep = 1 − lr·λ), θ itself otherwise (and when keep is 1).
    const base = (slot: Slot): tf.Tensor => (slot.decays && keep !== 1 ? tf.mul(slot.variable, keep) : slot.variable);
    if (tf.getBackend() === 'webgl') {
      const parts = tf.split(update, this.slots.map((s) => s.size));
      this.slots.forEach((slot, i) => slot.variable.assign(tf.sub(base(slot), tf.reshape(parts[i], slot.variable.shape))));
      return;
    }
    const values = update.dataSync() as Float32Array;
    for (const slot of this.slots) {
      const part = tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.variable.shape, 'float32');
      slot.variable.assign(tf.sub(base(slot), part));
    }
  }

  /** Copies of m and v by parameter name, and the step count. */
  async exportState(): Promise<{ step: number; m: WeightMap; v: WeightMap }> {
    const mAll = (await this.m.data()) as Float32Array;
    const vAll = (await this.v.data()) as Float32Array;
    const m: WeightMap = new Map();
    const v: WeightMap = new Map();
    for (const slot of this.slots) {
      m.set(slot.name, mAll.slice(slot.offset, slot.offset + slot.size));
      v.set(slot.name, vAll.slice(slot.offset, slot.offset + slot.size));
    }
    return { step: this.t, m, v };
  }

  /** Validates every name and size first, then assigns; on error nothing is changed. */
  importState(state: { step: number; m: WeightMap; v: WeightMap }): void {
    if (!Number.isFinite(state.step) || state.step < 0) throw new Error(`optimizer state: bad step ${state.step}`);
    for (const which of ['m', 'v'] as const) {
      const map = state[which];
      for (const slot of this.slots) {
        const values = map.get(slot.name);
        if (!values) throw new Error(`optimizer state: missing ${which} for "${slot.name}"`);
        if (values.length !== slot.size) {
          throw new Error(`optimizer state: ${which} for "${slot.name}" has ${values.length} values, expected ${slot.size}`);
        }
        for (let i = 0; i < values.length; i++) {
          if (!Number.isFinite(values[i])) throw new Error(`optimizer state: ${which} for "${slot.name}" is not finite`);
        }
      }
      for (const name of map.keys()) {
        if (!this.slots.some((s) => s.name === name)) throw new Error(`optimizer state: unknown ${which} "${name}"`);
      }
    }
    const flat = (map: WeightMap): Float32Array => {
      const out = new Float32Array(this.m.size);
      for (const slot of this.slots) out.set(map.get(slot.name) as Float32Array, slot.offset);
      return out;
    };
    tf.tidy(() => {
      this.m.assign(tf.tensor1d(flat(state.m)));
      this.v.assign(tf.tensor1d(flat(state.v)));
    });
    this.t = Math.floor(state.step);
  }

  /** Zeroes m, v and the step count. */
  reset(): void {
    tf.tidy(() => {
      this.m.assign(tf.zerosLike(this.m));
      this.v.assign(tf.zerosLike(this.v));
    });
    this.t = 0;
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
