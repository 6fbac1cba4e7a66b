// Adam (Kingma & Ba 2015, Algorithm 1) with explicit ε, a learning rate that may change on every
// step, and a state that can be exported and imported (autosave / resume):
//   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,
//   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ),   θ ← θ − lr · m̂ / (√v̂ + ε).

import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from '../model/transformer';
import type { WeightMap } from '../model/weights';

export interface AdamHyper {
  beta1: number;
  beta2: number;
  epsilon: number;
}

interface Slot {
  name: string;
  variable: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
}

export class Adam {
  private readonly slots: Slot[];
  private t = 0;

  /** One (m, v) pair of zero-initialised, non-trainable variables per parameter. */
  constructor(params: readonly NamedVariable[]) {
    this.slots = params.map(({ name, variable }) => ({
      name,
      variable,
      // The zeros are released by tidy; the variables keep their own reference to the data.
      m: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      v: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
    }));
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
    const t = this.t + 1;
    const { beta1, beta2, epsilon } = hyper;
    const c1 = 1 - Math.pow(beta1, t);
    const c2 = 1 - Math.pow(beta2, t);
    tf.tidy(() => {
      this.slots.forEach((slot, i) => {
        const g = grads[i];
        const m = tf.add(tf.mul(slot.m, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(slot.v, beta2), tf.mul(tf.square(g), 1 - beta2));
        const mHat = tf.div(m, c1);
        const vHat = tf.div(v, c2);
        const update = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), learningRate);
        slot.m.assign(m);
        slot.v.assign(v);
        slot.variable.assign(tf.sub(slot.variable, update));
      });
    });
    this.t = t;
  }

  /** Copies of m and v by parameter name, and the step count. */
  async exportState(): Promise<{ step: number; m: WeightMap; v: WeightMap }> {
    const m: WeightMap = new Map();
    const v: WeightMap = new Map();
    for (const slot of this.slots) {
      m.set(slot.name, new Float32Array((await slot.m.data()) as Float32Array));
      v.set(slot.name, new Float32Array((await slot.v.data()) as Float32Array));
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
        if (values.length !== slot.variable.size) {
          throw new Error(
            `optimizer state: ${which} for "${slot.name}" has ${values.length} values, expected ${slot.variable.size}`,
          );
        }
        for (let i = 0; i < values.length; i++) {
          if (!Number.isFinite(values[i])) throw new Error(`optimizer state: ${which} for "${slot.name}" is not finite`);
        }
      }
      for (const name of map.keys()) {
        if (!this.slots.some((s) => s.name === name)) throw new Error(`optimizer state: unknown ${which} "${name}"`);
      }
    }
    tf.tidy(() => {
      for (const slot of this.slots) {
        slot.m.assign(tf.tensor(state.m.get(slot.name) as Float32Array, slot.variable.shape, 'float32'));
        slot.v.assign(tf.tensor(state.v.get(slot.name) as Float32Array, slot.variable.shape, 'float32'));
      }
    });
    this.t = Math.floor(state.step);
  }

  /** Zeroes m, v and the step count. */
  reset(): void {
    tf.tidy(() => {
      for (const slot of this.slots) {
        slot.m.assign(tf.zerosLike(slot.m));
        slot.v.assign(tf.zerosLike(slot.v));
      }
    });
    this.t = 0;
  }

  dispose(): void {
    for (const slot of this.slots) {
      slot.m.dispose();
      slot.v.dispose();
    }
  }
}
