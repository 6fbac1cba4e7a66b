// The causal-attention kernel compiled to WebAssembly with SIMD (kernels/attention.ts), behind the same
// functions as the plain-TypeScript version in attentionKernel.ts, which is used where WebAssembly
// SIMD is missing. Inputs are copied into the module's own memory and results copied out.

import { attentionBackward, attentionForward, type AttentionShape } from './attentionKernel';
import { ATTENTION_WASM_BASE64 } from './attentionWasm';

interface KernelExports {
  memory: WebAssembly.Memory;
  forward(qkv: number, z: number, weights: number, scratch: number, B: number, T: number, H: number, dk: number): void;
  backward(
    qkv: number, weights: number, dz: number, dqkv: number, scratch: number,
    B: number, T: number, H: number, dk: number,
  ): void;
}

export interface AttentionKernel {
  /** "wasm-simd" or "typescript". */
  readonly kind: string;
  forward(qkv: Float32Array, s: AttentionShape): { z: Float32Array; weights: Float32Array };
  backward(qkv: Float32Array, weights: Float32Array, dz: Float32Array, s: AttentionShape): Float32Array;
}

const PAGE = 65536;

/** Floats of working memory the kernel needs: one head's keys (or values) transposed, and one row. */
function scratchLength(s: AttentionShape): number {
  return (s.headSize + 1) * (Math.ceil(s.length / 4) * 4);
}

function instantiate(): KernelExports | null {
  try {
    const bytes = Uint8Array.from(atob(ATTENTION_WASM_BASE64), (c) => c.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) return null; // no SIMD in this engine
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: { abort: () => { throw new Error('attention kernel aborted'); } },
    });
    return instance.exports as unknown as KernelExports;
  } catch {
    return null; // WebAssembly missing or refused (e.g. by a Content-Security-Policy)
  }
}

class WasmKernel implements AttentionKernel {
  readonly kind = 'wasm-simd';
  constructor(private readonly k: KernelExports) {}

  /** Byte offsets of consecutive float32 regions of the given lengths, growing memory to fit them. */
  private layout(...lengths: number[]): number[] {
    const offsets: number[] = [];
    let at = PAGE; // the first page is left to the module's own data
    for (const n of lengths) {
      offsets.push(at);
      at += Math.ceil((n * 4) / 16) * 16;
    }
    const need = Math.ceil(at / PAGE) - this.k.memory.buffer.byteLength / PAGE;
    if (need > 0) this.k.memory.grow(need);
    return offsets;
  }

  private view(offset: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, offset, length);
  }

  forward(qkv: Float32Array, s: AttentionShape): { z: Float32Array; weights: Float32Array } {
    const nZ = s.batch * s.length * s.heads * s.headSize;
    const nW = s.batch * s.heads * s.length * s.length;
    const [pQ, pZ, pW, pS] = this.layout(qkv.length, nZ, nW, scratchLength(s));
    this.view(pQ, qkv.length).set(qkv);
    this.k.forward(pQ, pZ, pW, pS, s.batch, s.length, s.heads, s.headSize);
    return { z: this.view(pZ, nZ).slice(), weights: this.view(pW, nW).slice() };
  }

  backward(qkv: Float32Array, weights: Float32Array, dz: Float32Array, s: AttentionShape): Float32Array {
    const [pQ, pW, pDZ, pDQ, pS] = this.layout(qkv.length, weights.length, dz.length, qkv.length, scratchLength(s));
    this.view(pQ, qkv.length).set(qkv);
    this.view(pW, weights.length).set(weights);
    this.view(pDZ, dz.length).set(dz);
    this.k.backward(pQ, pW, pDZ, pDQ, pS, s.batch, s.length, s.heads, s.headSize);
    return this.view(pDQ, qkv.length).slice();
  }
}

const typescriptKernel: AttentionKernel = { kind: 'typescript', forward: attentionForward, backward: attentionBackward };

let cached: AttentionKernel | undefined;

/** The fastest kernel this engine runs (created once per thread). */
export function attentionKernel(): AttentionKernel {
  if (!cached) {
    const k = instantiate();
    cached = k ? new WasmKernel(k) : typescriptKernel;
  }
  return cached;
}

/** Both kernels, for the tests that hold them equal. */
export function allAttentionKernels(): AttentionKernel[] {
  const k = instantiate();
  return k ? [new WasmKernel(k), typescriptKernel] : [typescriptKernel];
}
