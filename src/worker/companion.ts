// The `companionTrace` request: a sentence traced by a second model, held beside the model in use and
// never swapped with it — the decoder-only coreference model's shipped checkpoint, so that the
// translation model's Compare can set both model kinds side by side on the same pair.
//
// The companion is a ModelHost of its own, loaded from the checkpoint URL on first use and reused
// after (a request for another URL replaces it). It has no part in training, autosave, the attribution
// cache or the model events: the model in use and a run in progress are not touched. After the backend
// changed (a lost WebGL context moves the worker to another one) it is built again from its weights
// on the backend now active; dispose() frees it (the worker's teardown, and tests).

import * as tf from '@tensorflow/tfjs';
import type { CompanionTraceResult } from '../shared/protocol';
import { BadRequestError, ModelHost } from './modelHost';

/** Loads a checkpoint into a fresh host (the shipped one by default; tests pass their own). */
export type CompanionLoader = (host: ModelHost, url: string) => Promise<unknown>;

const loadShipped: CompanionLoader = (host, url) => host.loadShipped(url);

export class CompanionService {
  private held: { url: string; host: ModelHost; backend: string } | null = null;
  /** How many times a checkpoint was loaded (tests: the second request reuses the first load). */
  loads = 0;

  constructor(private readonly load: CompanionLoader = loadShipped) {}

  /** The companion for `url`, loaded now if it is not held yet (or was held for another URL). */
  private async host(url: string): Promise<ModelHost> {
    const backend = tf.getBackend();
    if (this.held && this.held.url === url) {
      if (this.held.backend !== backend) {
        // Its tensors lived on the backend that was left: rebuilt from the weights it was loaded from.
        this.held.host.rebuild();
        this.held.backend = backend;
      }
      return this.held.host;
    }
    const host = new ModelHost();
    await this.load(host, url);
    this.loads++;
    this.dispose();
    this.held = { url, host, backend };
    return host;
  }

  /** `text` traced by the decoder-only model of the checkpoint at `url` (a folder URL ending in '/'). */
  async trace(url: string, text: string): Promise<CompanionTraceResult> {
    if (typeof url !== 'string' || url === '') throw new BadRequestError('companionTrace needs the url of a checkpoint folder');
    if (typeof text !== 'string') throw new BadRequestError('companionTrace needs text');
    const host = await this.host(url);
    if (!host.decoderModel) throw new BadRequestError('the companion checkpoint is a translation model: companionTrace traces a decoder-only model');
    const result = await host.trace(text);
    return { ...result, model: host.info() };
  }

  /** Whether a companion is held (tests). */
  get loaded(): boolean {
    return this.held !== null;
  }

  /** Frees the companion's tensors. */
  dispose(): void {
    const held = this.held;
    this.held = null;
    if (held) held.host.dispose();
  }
}
