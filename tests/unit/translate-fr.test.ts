// builtin:translate-fr (CONTRACT §6b): the tokenizer keeps French elisions whole, the exact sentence
// pairs §6b writes, every training pair translated as §6b says (checked against a translation written
// here from the contract's tables, not the generator's), the held-out split.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/data/rng';
import { EOS_ID, PAD_ID, Tokenizer, splitText } from '../../src/data/tokenizer';
import {
  TRANSLATE_FR_CORPUS_ID,
  canonicalFrTranslations,
  createTranslateFrCorpus,
  makeFrCase,
  translateFrCases,
  translateFrHeldOutPairs,
  translateFrVocabulary,
} from '../../src/data/translateFr';
import { slotText } from '../../src/data/translationCase';
import { TRANSLATION_CORPORA } from '../../src/data/translationCorpora';

// CONTRACT §6b, written out again.
const NOUNS: Record<string, [string, 'm' | 'f']> = {
  animal: ["l'animal", 'm'], dog: ['le chien', 'm'], cat: ['le chat', 'm'], horse: ['le cheval', 'm'], cow: ['la vache', 'f'],
  fox: ['le renard', 'm'], sheep: ['le mouton', 'm'], child: ["l'enfant", 'm'], boy: ['le garçon', 'm'], girl: ['la fille', 'f'],
  man: ["l'homme", 'm'], woman: ['la femme', 'f'], goat: ['la chèvre', 'f'], hen: ['la poule', 'f'], mouse: ['la souris', 'f'],
  street: ['la rue', 'f'], road: ['la route', 'f'], river: ['la rivière', 'f'], bridge: ['le pont', 'm'], path: ['le chemin', 'm'],
  field: ['le champ', 'm'], tunnel: ['le tunnel', 'm'], square: ['la place', 'f'],
};
const ADJ: Record<string, [string, string]> = {
  tired: ['fatigué', 'fatiguée'], scared: ['effrayé', 'effrayée'], weak: ['faible', 'faible'], old: ['vieux', 'vieille'],
  slow: ['lent', 'lente'], sleepy: ['endormi', 'endormie'], lazy: ['paresseux', 'paresseuse'], hungry: ['affamé', 'affamée'],
  narrow: ['étroit', 'étroite'], wide: ['large', 'large'], busy: ['animé', 'animée'], crowded: ['bondé', 'bondée'],
  dark: ['sombre', 'sombre'], icy: ['glacé', 'glacée'], steep: ['raide', 'raide'], long: ['long', 'longue'],
};
const FIRST = ['animal', 'dog', 'cat', 'horse', 'cow', 'fox', 'sheep', 'child', 'boy', 'girl', 'man', 'woman', 'goat', 'hen', 'mouse'];
const SECOND = ['street', 'road', 'river', 'bridge', 'path', 'field', 'tunnel', 'square'];
const ADJ_FIRST = ['tired', 'scared', 'weak', 'old', 'slow', 'sleepy', 'lazy', 'hungry'];

/** The French §6b writes for an English training sentence, or null when it is not one of the templates. */
function expected(source: string): string | null {
  const m = /^(yesterday , )?the (\w+) didn't cross the (\w+) because (it|the (\w+)) was too (\w+) \.$/.exec(source);
  if (!m) return null;
  const [, lead, a, p, , named, adj] = m;
  if (!FIRST.includes(a) || !SECOND.includes(p) || !(adj in ADJ)) return null;
  const referent = ADJ_FIRST.includes(adj) ? a : p;
  if (named !== undefined && named !== referent) return null;
  const g = NOUNS[referent][1];
  const subject = named === undefined ? (g === 'm' ? "qu'il" : "qu'elle") : `que ${NOUNS[referent][0]}`;
  const body = `${NOUNS[a][0]} n'a pas traversé ${NOUNS[p][0]} parce ${subject} était trop ${ADJ[adj][g === 'm' ? 0 : 1]} .`;
  return lead ? `hier , ${body}` : body;
}

describe('the tokenizer on French', () => {
  it('keeps elisions whole, punctuation apart, lower-cases', () => {
    expect(splitText("L'animal n'a pas traversé la rue parce qu'il était trop fatigué.")).toEqual([
      "l'animal", "n'a", 'pas', 'traversé', 'la', 'rue', 'parce', "qu'il", 'était', 'trop', 'fatigué', '.',
    ]);
    expect(splitText("Hier, parce qu’elle était trop étroite !")).toEqual(['hier', ',', 'parce', "qu'elle", 'était', 'trop', 'étroite', '!']);
    const tok = new Tokenizer(translateFrVocabulary());
    const e = tok.encode("l'animal n'a pas traversé la rue parce qu'elle était trop étroite .", { bos: false });
    expect(e.unknown).toEqual([]);
    expect(tok.decode(e.ids)).toBe("l'animal n'a pas traversé la rue parce qu'elle était trop étroite .");
  });
});

describe('builtin:translate-fr (CONTRACT §6b)', () => {
  it('writes the canonical sentences as §6b does', () => {
    expect(canonicalFrTranslations().map((c) => [c.source, c.target])).toEqual([
      ["the animal didn't cross the street because it was too tired .", "l'animal n'a pas traversé la rue parce qu'il était trop fatigué ."],
      ["the animal didn't cross the street because it was too narrow .", "l'animal n'a pas traversé la rue parce qu'elle était trop étroite ."],
      ["the animal didn't cross the street because it was too wide .", "l'animal n'a pas traversé la rue parce qu'elle était trop large ."],
    ]);
    expect(makeFrCase('cow', 'bridge', 'tired').target).toBe("la vache n'a pas traversé le pont parce qu'elle était trop fatiguée .");
    expect(makeFrCase('dog', 'road', 'long').target).toBe("le chien n'a pas traversé la route parce qu'elle était trop longue .");
    expect(makeFrCase('man', 'path', 'old').target).toBe("l'homme n'a pas traversé le chemin parce qu'il était trop vieux .");
  });

  it('marks where "it", the nouns and the pronoun slot are', () => {
    const tired = canonicalFrTranslations()[0];
    expect(tired).toMatchObject({ referent: 'animal', distractor: 'street', referentRole: 'first', pronoun: "qu'il", adjectiveFr: 'fatigué', gendersDiffer: true });
    expect(tired.sourcePositions).toEqual({ first: 1, second: 5, it: 7, adjective: 10 });
    const out = splitText(tired.target);
    expect(out[tired.referentIndex]).toBe("qu'il");
    expect(tired.targetNouns).toEqual({ first: [0], second: [5] });
    expect(slotText(out, tired.slot)).toBe("qu'il");
    expect(tired.slot.distractor).toBe("qu'elle");
    const dog = makeFrCase('dog', 'bridge', 'narrow');
    expect(splitText(dog.target)[dog.targetNouns.first[0]]).toBe('chien');
    expect(splitText(dog.target)[dog.targetNouns.second[0]]).toBe('pont');
    expect(dog.gendersDiffer).toBe(false);
    expect(dog.slot.referent).toBe(dog.slot.distractor);
  });

  it('is a pair corpus with its own vocabulary, and a translation corpus of the table', () => {
    const c = createTranslateFrCorpus(42);
    expect(c.id).toBe(TRANSLATE_FR_CORPUS_ID);
    expect(c.kind).toBe('pairs');
    expect(c.vocab.slice(0, 4)).toEqual(['<pad>', '<unk>', '<bos>', '<eos>']);
    for (const w of ["l'animal", "l'enfant", "l'homme", "n'a", "qu'il", "qu'elle", 'que', 'hier', ',', 'yesterday', 'traversé', 'étroite']) expect(c.vocab).toContain(w);
    expect(TRANSLATION_CORPORA[TRANSLATE_FR_CORPUS_ID].preset).toBe('translate-fr');
  });

  it('draws only training pairs of the templates, translated as §6b says, deterministically', () => {
    const c = createTranslateFrCorpus(42);
    const held = new Set(c.heldOut.map(([f, s]) => `${f}|${s}`));
    expect(c.trainBatch(new Rng(5), 16, 32)).toEqual(c.trainBatch(new Rng(5), 16, 32));
    const rng = new Rng(3);
    const seen = { it: 0, explicit: 0, leadIn: 0 };
    for (let i = 0; i < 600; i++) {
      const p = c.samplePair(rng);
      expect(p.target, p.source).toBe(expected(p.source));
      const m = /the (\w+) didn't cross the (\w+)/.exec(p.source) as RegExpExecArray;
      expect(held.has(`${m[1]}|${m[2]}`)).toBe(false);
      seen[p.kind]++;
      if (p.leadIn) seen.leadIn++;
    }
    expect(seen.it).toBeGreaterThan(300);
    expect(seen.explicit).toBeGreaterThan(150);
    expect(seen.leadIn).toBeGreaterThan(100);
    // A batch: sources and <bos>-led targets ending in <eos>, padded.
    const batch = c.trainBatch(new Rng(9), 8, 32);
    for (let b = 0; b < batch.batch; b++) {
      const targets = Array.from(batch.targets.slice(b * batch.length, (b + 1) * batch.length)).filter((id) => id !== PAD_ID);
      expect(targets.at(-1)).toBe(EOS_ID);
    }
  });

  it('holds out 12 noun pairs per seed, never (animal, street); the held-out cases are theirs', () => {
    for (const seed of [1, 2, 42]) {
      const pairs = translateFrHeldOutPairs(seed);
      expect(pairs).toHaveLength(12);
      expect(pairs.some(([f, s]) => f === 'animal' && s === 'street')).toBe(false);
      const cases = translateFrCases(seed, 'heldOut');
      expect(cases).toHaveLength(12 * 16);
      for (const k of cases) expect(k.target).toBe(expected(k.source));
      const train = translateFrCases(seed, 'train');
      expect(train).toHaveLength((15 * 8 - 12) * 16);
    }
  });
});
