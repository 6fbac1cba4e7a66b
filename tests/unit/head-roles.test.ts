// Head roles (src/shared/headRoles.ts, src/train/headRoles.ts): every detector scores 1 on its own pure
// pattern and 1/T on uniform attention; the patterns themselves are checked position by position on
// small hand-written cases; and a hand-made model whose head 1 is an exact previous-token head (its
// weights written out below, not trained) is recognised as one, with its other head at the uniform
// figure computed independently.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { Tokenizer } from '../../src/data/tokenizer';
import { Transformer } from '../../src/model/transformer';
import type { ModelConfig } from '../../src/shared/config';
import {
  currentTokenTargets,
  dominantRole,
  duplicateTokenTargets,
  firstTokenTargets,
  HEAD_ROLES,
  inductionTargets,
  previousLineTargets,
  previousTokenTargets,
  repeatProbe,
  roleScore,
  roleTargets,
  siteRoles,
  type RoleTargets,
} from '../../src/shared/headRoles';
import { measureHeadRoles } from '../../src/train/headRoles';

beforeAll(async () => {
  await initNodeBackend();
});

/** A T×T map with each defined row's attention spread evenly over its targets, the other rows uniform over 0…i. */
function patternMap(T: number, targets: RoleTargets): Float32Array {
  const a = new Float32Array(T * T);
  for (let i = 0; i < T; i++) {
    const t = targets[i] ?? [];
    if (t.length === 0) for (let j = 0; j <= i; j++) a[i * T + j] = 1 / (i + 1);
    for (const j of t) a[i * T + j] = 1 / t.length;
  }
  return a;
}

function uniformMap(T: number): Float32Array {
  return new Float32Array(T * T).fill(1 / T);
}

// <bos> + a b c d e + a b c d e (ids 2, then 3…7 twice)
const REPEAT = [2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7];
const POEM = ['<bos>', ...'床前明月光，疑是地上霜。举头望明月，'];

describe('role patterns', () => {
  it('previous, first and current token: one column per row from row 1', () => {
    expect(previousTokenTargets(4)).toEqual([[], [0], [1], [2]]);
    expect(firstTokenTargets(4)).toEqual([[], [0], [0], [0]]);
    expect(currentTokenTargets(4)).toEqual([[], [1], [2], [3]]);
  });

  it('duplicate token: the earlier copy; induction: the token after the earlier copy', () => {
    const dup = duplicateTokenTargets(REPEAT);
    const ind = inductionTargets(REPEAT);
    for (let i = 0; i <= 5; i++) {
      expect(dup[i]).toEqual([]);
      expect(ind[i]).toEqual([]);
    }
    // Row 6 (the second "a") looked at row 1 (the first "a") and, as an induction head, at row 2 ("b").
    for (let k = 1; k <= 5; k++) {
      expect(dup[5 + k]).toEqual([k]);
      expect(ind[5 + k]).toEqual([k + 1]);
    }
  });

  it('previous line: the same place one line up, punctuation included', () => {
    const t = previousLineTargets(POEM);
    // Line 1 is rows 1–6 (床前明月光，), line 2 rows 7–12 (疑是地上霜。), line 3 rows 13–18.
    for (let i = 0; i <= 6; i++) expect(t[i]).toEqual([]);
    for (let p = 0; p < 6; p++) {
      expect(t[7 + p]).toEqual([1 + p]);
      expect(t[13 + p]).toEqual([7 + p]);
    }
    expect(POEM[t[12][0]]).toBe('，');
    expect(POEM[t[13][0]]).toBe('疑');
    // Lines of different lengths: past the shorter previous line there is no place.
    const mixed = previousLineTargets(['<bos>', ...'白日，依山尽了。']);
    expect(mixed.slice(4)).toEqual([[1], [2], [3], [], []]);
    // No line mark: one line, nothing defined.
    expect(previousLineTargets(['<bos>', 'the', 'cat']).every((x) => x.length === 0)).toBe(true);
  });
});

describe('role scores', () => {
  const T = REPEAT.length;
  const cases: [string, RoleTargets][] = [
    ['previousToken', previousTokenTargets(T)],
    ['firstToken', firstTokenTargets(T)],
    ['currentToken', currentTokenTargets(T)],
    ['duplicateToken', duplicateTokenTargets(REPEAT)],
    ['induction', inductionTargets(REPEAT)],
  ];
  for (const [name, targets] of cases) {
    it(`${name}: 1 on its own pattern, 1/T on uniform attention, less on the other patterns`, () => {
      expect(roleScore(patternMap(T, targets), T, T, targets)).toBeCloseTo(1, 6);
      expect(roleScore(uniformMap(T), T, T, targets)).toBeCloseTo(1 / T, 6);
      for (const [other, o] of cases) {
        if (other === name) continue;
        expect(roleScore(patternMap(T, o), T, T, targets)).toBeLessThan(0.5);
      }
    });
  }

  it('previous line: 1 on its own pattern, 1/T on uniform attention', () => {
    const P = POEM.length;
    const targets = previousLineTargets(POEM);
    expect(roleScore(patternMap(P, targets), P, P, targets)).toBeCloseTo(1, 6);
    expect(roleScore(uniformMap(P), P, P, targets)).toBeCloseTo(1 / P, 6);
  });

  it('a role with no defined row scores null; an offset selects a head in a stacked buffer', () => {
    expect(roleScore(uniformMap(3), 3, 3, [[], [], []])).toBeNull();
    const two = new Float32Array(2 * T * T);
    two.set(uniformMap(T), 0);
    two.set(patternMap(T, previousTokenTargets(T)), T * T);
    expect(roleScore(two, T, T, previousTokenTargets(T), T * T)).toBeCloseTo(1, 6);
    expect(roleScore(two, T, T, previousTokenTargets(T), 0)).toBeCloseTo(1 / T, 6);
  });

  it('siteRoles reads [layer][head] maps and dominantRole names the strongest role above the threshold', () => {
    const tokens = ['<bos>', ...'abcdefghij'];
    const text = new Float32Array(2 * T * T);
    text.set(patternMap(T, previousTokenTargets(T)), 0); // head 1
    text.set(uniformMap(T), T * T); // head 2
    const repeat = new Float32Array(2 * T * T);
    repeat.set(uniformMap(T), 0);
    repeat.set(patternMap(T, inductionTargets(REPEAT)), T * T);
    const site = siteRoles(
      { site: 'decoder', layers: 1, heads: 2, rows: T, cols: T, weights: text },
      { site: 'decoder', layers: 1, heads: 2, rows: T, cols: T, weights: repeat },
      { textTokens: tokens, repeatIds: REPEAT, repeatTokens: REPEAT.map(String) },
    );
    expect(Object.keys(site.scores).sort()).toEqual([...HEAD_ROLES].sort());
    expect(site.scores.previousToken[0][0]).toBeCloseTo(1, 6);
    expect(site.scores.induction[0][1]).toBeCloseTo(1, 6);
    expect(site.scores.previousLine[0][0]).toBeNull(); // no line mark: one line
    expect(dominantRole(site, 0, 0)).toEqual({ role: 'previousToken', score: expect.closeTo(1, 6) });
    expect(dominantRole(site, 0, 1)?.role).toBe('induction');
    expect(dominantRole(site, 0, 1, 1.01)).toBeNull();
  });

  it('roleTargets puts each role on its probe', () => {
    const t = roleTargets(POEM, REPEAT);
    expect(t.previousToken.length).toBe(POEM.length);
    expect(t.induction.length).toBe(REPEAT.length);
  });
});

describe('the repeat probe', () => {
  it('is seeded, without repeats in its half, and fits the context', () => {
    const a = repeatProbe(110, 3, 32, 2);
    expect(a).toEqual(repeatProbe(110, 3, 32, 2));
    expect(a).not.toEqual(repeatProbe(110, 3, 32, 2, 7));
    expect(a[0]).toBe(2);
    const n = (a.length - 1) / 2;
    expect(n).toBe(15); // ⌊(32 − 1) / 2⌋
    const half = a.slice(1, 1 + n);
    expect(a.slice(1 + n)).toEqual(half);
    expect(new Set(half).size).toBe(n);
    expect(half.every((id) => id >= 3 && id < 110)).toBe(true);
    expect(repeatProbe(5000, 4, 96, null).length).toBe(40); // 20 + 20, no <bos>
    expect(repeatProbe(6, 3, 64, 2)).toHaveLength(7); // only three ordinary tokens
  });
});

describe('a hand-made model with an exact previous-token head', () => {
  // One pre-LN layer, two heads of d_k = 8, learned positions P[i] = e_i and zero token embeddings, so
  // LN1(x_i) = a·e_i − b·1 (a ≈ 4.13, b ≈ 0.26). Head 1: W_Q sends e_r to M·e_(r−1), W_K is the
  // identity, so q_i·k_j is largest by M·a² at j = i − 1. Head 2: W_Q = W_K = 0, so its scores are
  // equal and its attention is uniform over the positions the causal mask leaves.
  const T = 8;
  const config: ModelConfig = {
    vocabSize: 13,
    dModel: 16,
    nHeads: 2,
    nLayers: 1,
    dFF: 8,
    contextLength: T,
    norm: 'pre',
    positional: 'learned',
    embeddingScale: 1,
    lnEpsilon: 1e-5,
    tiedOutput: false,
  };
  const vocab = ['<pad>', '<unk>', '<bos>', ...'abcdefghij'];

  it('scores ≈ 1 as previous-token for head 1; head 2 scores the uniform causal share', async () => {
    const base = Transformer.init(config, 3);
    const weights = await base.readWeights();
    base.dispose();
    const d = config.dModel;
    const M = 10;
    weights.set('embedding/token', new Float32Array(config.vocabSize * d));
    const pos = new Float32Array(T * d);
    for (let i = 0; i < T; i++) pos[i * d + i] = 1;
    weights.set('embedding/position', pos);
    const wq = new Float32Array(d * d);
    const wk = new Float32Array(d * d);
    for (let r = 1; r < 8; r++) wq[r * d + (r - 1)] = M;
    for (let r = 0; r < 8; r++) wk[r * d + r] = 1;
    weights.set('layers/0/attention/query/kernel', wq);
    weights.set('layers/0/attention/key/kernel', wk);
    weights.set('layers/0/attention/query/bias', new Float32Array(d));
    weights.set('layers/0/attention/key/bias', new Float32Array(d));
    weights.set('layers/0/norm1/gamma', new Float32Array(d).fill(1));
    weights.set('layers/0/norm1/beta', new Float32Array(d));
    const model = Transformer.create(config, weights);
    try {
      const roles = await measureHeadRoles(model, new Tokenizer(vocab), 'a c b d f e g');
      expect(roles.sites).toHaveLength(1);
      const s = roles.sites[0].scores;
      expect(s.previousToken[0][0]).toBeGreaterThan(0.999);
      expect(s.currentToken[0][0]).toBeLessThan(0.001);
      // Row 1's previous token is the first one: 1 of the 7 rows.
      expect(s.firstToken[0][0]).toBeCloseTo(1 / 7, 3);
      // Uniform over the i + 1 visible positions: mean over rows 1…7 of 1/(i + 1).
      let uniform = 0;
      for (let i = 1; i < T; i++) uniform += 1 / (i + 1);
      uniform /= T - 1;
      expect(s.previousToken[0][1]).toBeCloseTo(uniform, 5);
      expect(s.currentToken[0][1]).toBeCloseTo(uniform, 5);
      expect(s.firstToken[0][1]).toBeCloseTo(uniform, 5);
      expect(dominantRole(roles.sites[0], 0, 0)?.role).toBe('previousToken');
      expect(dominantRole(roles.sites[0], 0, 1)).toBeNull();
      // The repeat probe: <bos> + 3 + 3 tokens (the context of 8 holds ⌊7 / 2⌋ = 3 per half).
      expect(roles.sites[0].repeatTokens).toHaveLength(7);
    } finally {
      model.dispose();
    }
  });
});
