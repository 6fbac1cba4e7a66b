// The attention sites of a traced model, read from the model's own description (modelStacks): the
// decoder-only model has one (masked self-attention); the encoder–decoder has three — the encoder's
// self-attention (no mask), the decoder's masked self-attention, and cross-attention (queries from
// the decoder, keys and values from the encoder's output: rectangular maps, target × source).
// Each site says which tokens label its rows (queries) and its columns (keys), and whether it masks.

import { modelStacks, type AttentionSite } from '../../shared/config';
import { isEncoderDecoderTrace, type AttentionTrace, type ModelTrace } from '../../shared/trace';

export interface SiteView {
  site: AttentionSite;
  /** The stack the site belongs to. */
  stack: 'encoder' | 'decoder';
  /** Per layer, the site's attention. */
  layers: AttentionTrace[];
  /** Whether keys after the query are hidden (the causal mask). */
  causal: boolean;
  /** Which tokens the rows (queries) and the columns (keys) are. */
  rows: 'source' | 'target';
  cols: 'source' | 'target';
}

/** The attention of one site in every layer, read from the trace by typed field. */
export function siteLayers(trace: ModelTrace, site: AttentionSite): AttentionTrace[] {
  if (!isEncoderDecoderTrace(trace)) return site === 'decoder' ? trace.layers : [];
  switch (site) {
    case 'encoder':
      return trace.encoder.layers;
    case 'decoder-self':
      return trace.decoder.layers.map((l) => l.self);
    case 'cross':
      return trace.decoder.layers.map((l) => l.cross);
    case 'decoder':
      return [];
  }
}

/**
 * Every attention site of the traced model, in the order data flows. For a decoder-only model the
 * rows and columns are its one sentence (called "target" here: the tokens the model writes).
 */
export function attentionSites(trace: ModelTrace): SiteView[] {
  const out: SiteView[] = [];
  for (const stack of modelStacks(trace.config)) {
    for (const site of stack.sites) {
      const cross = site === 'cross';
      const side = stack.name === 'encoder' ? 'source' : 'target';
      out.push({
        site,
        stack: stack.name,
        layers: siteLayers(trace, site),
        // Cross-attention reads the whole source: nothing to hide.
        causal: stack.causal && !cross,
        rows: side,
        cols: cross ? 'source' : side,
      });
    }
  }
  return out;
}
