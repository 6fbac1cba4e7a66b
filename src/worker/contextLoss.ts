// WebGL context loss in the worker. A lost context (GPU reset, driver update, the browser reclaiming
// the GPU, or WEBGL_lose_context in a test) makes every later WebGL call a no-op: reads come back as
// zeros or never resolve (TF.js waits on a fence that is never signalled). So every piece of work on
// the WebGL backend is raced against the loss: it rejects with BackendLostError as soon as the context
// is found lost (the 'webglcontextlost' event, a short poll, and a check when the work settles),
// never hangs the request queue, and never hands back numbers computed on a dead context.

import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs';
import type { BackendName } from '../shared/protocol';

/** How often a running piece of work checks the context, besides the event (ms). */
export const CONTEXT_POLL_MS = 100;

export class BackendLostError extends Error {
  constructor(readonly backend: BackendName) {
    super('the WebGL context was lost');
    this.name = 'BackendLostError';
  }
}

/** The WebGL context of the TF.js backend in use, or null when it is not WebGL. */
function webglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const b = tf.backend() as MathBackendWebGL;
  return b.gpgpu?.gl ?? null;
}

/** Whether the backend in use is WebGL and its context is lost. */
export function backendContextLost(): boolean {
  const gl = webglContext();
  return gl !== null && gl.isContextLost();
}

/** Tests only: lose the WebGL context of the backend in use (WEBGL_lose_context). False when not on WebGL. */
export function loseWebglContext(): boolean {
  const gl = webglContext();
  const ext = gl?.getExtension('WEBGL_lose_context');
  if (!ext) return false;
  ext.loseContext();
  return true;
}

/** `work`, unless the WebGL context is (or gets) lost first: then a BackendLostError. */
export function raceContextLoss<T>(work: () => Promise<T>): Promise<T> {
  const gl = webglContext();
  if (gl === null) return work();
  if (gl.isContextLost()) return Promise.reject(new BackendLostError('webgl'));
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const canvas = gl.canvas as unknown as EventTarget | null;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearInterval(timer);
      canvas?.removeEventListener?.('webglcontextlost', onLost);
      return true;
    };
    const onLost = (): void => {
      if (finish()) reject(new BackendLostError('webgl'));
    };
    const timer = setInterval(() => {
      if (gl.isContextLost()) onLost();
    }, CONTEXT_POLL_MS);
    canvas?.addEventListener?.('webglcontextlost', onLost);
    let started: Promise<T>;
    try {
      started = work();
    } catch (e) {
      started = Promise.reject(e);
    }
    started.then(
      (value) => {
        // A result computed on a context that died meanwhile is not trusted.
        if (gl.isContextLost()) onLost();
        else if (finish()) resolve(value);
      },
      (e: unknown) => {
        if (gl.isContextLost()) onLost();
        else if (finish()) reject(e);
      },
    );
  });
}
