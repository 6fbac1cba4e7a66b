// The shipped real-text checkpoints (CONTRACT §7; public/models/tang, public/models/english): their
// validation perplexity against unigram and bigram models counted on the same training documents and
// scored on the same held-out windows; the 唐诗 model's sampled lines have five or seven characters.
// Both are below their bigram baselines: 唐诗 140.1 < 287.7, English 181.4 < 207.3 (docs/corpora.md).

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { readCheckpointDir, readDocumentCorpus, REPO_ROOT } from '../../src/cli/io';
import type { DocumentCorpusId } from '../../src/data/documentCorpus';
import { ngramBaselines } from '../../src/data/ngram';
import { Tokenizer } from '../../src/data/tokenizer';
import { Transformer } from '../../src/model/transformer';
import { lineLengths, regularLineShare } from '../../src/shared/poems';
import { sampleTexts } from '../../src/train/textSamples';
import { validationLoss } from '../../src/train/textEval';

async function load(id: DocumentCorpusId) {
  const checkpoint = await readCheckpointDir(join(REPO_ROOT, 'public/models', id.slice('builtin:'.length)));
  const corpus = await readDocumentCorpus(id);
  return {
    checkpoint,
    corpus,
    model: Transformer.create(checkpoint.config, checkpoint.weights),
    tokenizer: new Tokenizer(checkpoint.tokenizer.vocab, checkpoint.tokenizer.kind),
  };
}

beforeAll(async () => {
  await initNodeBackend();
});

describe.each(['builtin:tang', 'builtin:english'] as const)('shipped %s checkpoint', (id) => {
  it('has the corpus vocabulary and tokenizer, and a validation perplexity below the bigram baseline (and so the unigram)', async () => {
    const { checkpoint, corpus, model } = await load(id);
    expect(checkpoint.training.corpus).toBe(id);
    expect(checkpoint.tokenizer.vocab).toEqual(corpus.vocab);
    expect(checkpoint.tokenizer.kind).toBe(id === 'builtin:tang' ? 'char' : 'subword');
    const { loss, tokens } = await validationLoss(model, corpus);
    const b = ngramBaselines(corpus.train, corpus.validationSequences(model.config.contextLength), corpus.vocab.length);
    expect(tokens).toBe(b.tokens);
    expect(b.bigram.perplexity).toBeLessThan(b.unigram.perplexity);
    expect(Math.exp(loss)).toBeLessThan(b.bigram.perplexity);
    model.dispose();
  }, 600_000);
});

describe('shipped 唐诗 samples', () => {
  it('100 poems at temperature 0.8: ≥ 90 % of their finished lines have five or seven characters', async () => {
    const { model, tokenizer } = await load('builtin:tang');
    const poems = await sampleTexts(model, tokenizer, { count: 100, tokens: 64, temperature: 0.8, topK: 0, topP: 1, seed: 1 });
    const r = regularLineShare(poems);
    // Counted here again, line by line, from the texts.
    let lines = 0;
    let regular = 0;
    for (const p of poems) {
      for (const part of p.split(/[，。？！；]/).slice(0, -1)) {
        lines++;
        if ([...part].length === 5 || [...part].length === 7) regular++;
      }
    }
    expect(r.lines).toBe(lines);
    expect(r.regular).toBe(regular);
    expect(lines).toBeGreaterThanOrEqual(500);
    // The shipped 2,400-step model: 90.4 % (858 of 949 lines, docs/corpora.md).
    expect(r.share).toBeGreaterThanOrEqual(0.9);
    expect(lineLengths('白日依山尽，黄河入海流。欲穷')).toEqual([5, 5]);
    model.dispose();
  }, 600_000);
});
