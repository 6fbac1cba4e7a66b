// Head roles of a model (src/shared/headRoles.ts): its attention on two probes — a text (the page's
// sentence, or a fixed one per corpus on the command line) and a seeded random token sequence repeated
// once — scored role by role. Never the training batch.

import { repeatProbeText } from '../data/repeat';
import { BOS_ID } from '../data/tokenizer';
import type { Tokenizer } from '../data/tokenizer';
import type { EncoderDecoder } from '../model/encoderDecoder';
import { Transformer } from '../model/transformer';
import type { AttentionSite } from '../shared/config';
import { repeatProbe, siteRoles, type HeadRoles, type SiteMaps } from '../shared/headRoles';
import type { Mat } from '../shared/trace';

/** A fixed probe text per built-in corpus for the command line (the app measures on the page's sentence). */
export const DEFAULT_ROLE_PROBES: Readonly<Record<string, string>> = {
  'builtin:coref': "the animal didn't cross the street because it was too tired . it refers to the",
  'builtin:translate': "the animal didn't cross the street because it was too tired .",
  'builtin:translate-fr': "the animal didn't cross the street because it was too tired .",
  // 李白《静夜思》
  'builtin:tang': '床前明月光，疑是地上霜。举头望明月，低头思故乡。',
  'builtin:english': 'the old man walked to the house , and he sat down by the fire to read the letter .',
  // The sentence the training snapshots of the induction task read: 11 syllables, then the same again.
  'builtin:repeat': repeatProbeText(),
};

/** Every layer's per-head maps of one site as one SiteMaps ([layer][head][rows][cols]). */
export function siteMapsOf(site: AttentionSite, layers: readonly (readonly Mat[])[]): SiteMaps {
  const heads = layers[0]?.length ?? 0;
  const rows = layers[0]?.[0]?.rows ?? 0;
  const cols = layers[0]?.[0]?.cols ?? 0;
  const cell = rows * cols;
  const weights = new Float32Array(layers.length * heads * cell);
  layers.forEach((layer, l) => layer.forEach((w, h) => weights.set(w.data, (l * heads + h) * cell)));
  return { site, layers: layers.length, heads, rows, cols, weights };
}

/** The first id of the vocabulary that is an ordinary token (not <pad>, <unk>, <bos>, <eos>). */
export function firstRegularId(vocab: readonly string[]): number {
  const i = vocab.findIndex((t) => !/^<[a-z]+>$/.test(t));
  return i < 0 ? vocab.length : i;
}

/** One self-attention site's text maps and tokens (what a snapshot of the probe text already holds). */
export interface TextSite {
  maps: SiteMaps;
  tokens: string[];
}

/**
 * Roles of a model whose attention on the text probe is already known (`text`, one entry per
 * self-attention site): traces the repeat probe and scores both.
 */
export async function rolesWithText(model: Transformer | EncoderDecoder, vocab: readonly string[], text: readonly TextSite[]): Promise<HeadRoles> {
  const c = model.config;
  const first = firstRegularId(vocab);
  const name = (ids: number[]): string[] => ids.map((id) => vocab[id]);
  const sites = [];
  if (model instanceof Transformer) {
    const ids = repeatProbe(c.vocabSize, first, c.contextLength, BOS_ID);
    const trace = await model.trace(ids);
    const repeat = siteMapsOf('decoder', trace.layers.map((l) => l.weights));
    const t = text.find((s) => s.maps.site === 'decoder');
    if (t) sites.push(siteRoles(t.maps, repeat, { textTokens: t.tokens, repeatIds: ids, repeatTokens: name(ids) }));
  } else {
    // The encoder reads the repeated sequence as its source; the decoder writes it after <bos>.
    const source = repeatProbe(c.vocabSize, first, c.contextLength, null);
    const target = [BOS_ID, ...source.slice(0, c.contextLength - 1)];
    const trace = await model.trace(source, target);
    const repeats: Record<string, { maps: SiteMaps; ids: number[] }> = {
      encoder: { maps: siteMapsOf('encoder', trace.encoder.layers.map((l) => l.weights)), ids: source },
      'decoder-self': { maps: siteMapsOf('decoder-self', trace.decoder.layers.map((l) => l.self.weights)), ids: target },
    };
    for (const t of text) {
      const r = repeats[t.maps.site];
      if (r) sites.push(siteRoles(t.maps, r.maps, { textTokens: t.tokens, repeatIds: r.ids, repeatTokens: name(r.ids) }));
    }
  }
  return { sites };
}

/**
 * Roles of every self-attention head of `model`: the text probe is `text` (cropped to the context;
 * for the encoder–decoder the source, and the decoder reads <bos> and the model's greedy translation,
 * `written`), the repeat probe is the seeded repeated sequence.
 */
export async function measureHeadRoles(
  model: Transformer | EncoderDecoder,
  tokenizer: Tokenizer,
  text: string,
  written: readonly number[] = [],
): Promise<HeadRoles> {
  const c = model.config;
  if (model instanceof Transformer) {
    const encoded = tokenizer.encode(text);
    const n = Math.max(1, Math.min(encoded.ids.length, c.contextLength));
    const trace = await model.trace(encoded.ids.slice(0, n));
    return rolesWithText(model, tokenizer.vocab, [{ maps: siteMapsOf('decoder', trace.layers.map((l) => l.weights)), tokens: encoded.tokens.slice(0, n) }]);
  }
  const encoded = tokenizer.encode(text, { bos: false });
  const source = (encoded.ids.length > 0 ? encoded.ids : [tokenizer.idOf('<unk>') ?? 1]).slice(0, c.contextLength);
  const target = [BOS_ID, ...written].slice(0, c.contextLength);
  const trace = await model.trace(source, target);
  const name = (ids: number[]): string[] => ids.map((id) => tokenizer.vocab[id]);
  return rolesWithText(model, tokenizer.vocab, [
    { maps: siteMapsOf('encoder', trace.encoder.layers.map((l) => l.weights)), tokens: name(source) },
    { maps: siteMapsOf('decoder-self', trace.decoder.layers.map((l) => l.self.weights)), tokens: name(target) },
  ]);
}
