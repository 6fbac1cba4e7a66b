import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/data/rng';
import { BOS, BOS_ID, PAD, PAD_ID, Tokenizer, UNK, UNK_ID, splitText } from '../../src/data/tokenizer';

describe('splitText', () => {
  it('splits English into lower-cased words and punctuation, keeping contractions whole', () => {
    expect(splitText("The animal didn't cross the street because it was too tired.")).toEqual([
      'the', 'animal', "didn't", 'cross', 'the', 'street', 'because', 'it', 'was', 'too', 'tired', '.',
    ]);
    expect(splitText("It's fine, isn’t it? Yes!")).toEqual(["it's", 'fine', ',', "isn't", 'it', '?', 'yes', '!']);
    expect(splitText("'quoted' dogs' o'clock")).toEqual(["'", 'quoted', "'", 'dogs', "'", "o'clock"]);
    expect(splitText('well-known (really)')).toEqual(['well', '-', 'known', '(', 'really', ')']);
  });

  it('keeps numbers together and apart from letters', () => {
    expect(splitText('In 2024 it cost 3.14 or 1,000 dollars; 10km.')).toEqual([
      'in', '2024', 'it', 'cost', '3.14', 'or', '1,000', 'dollars', ';', '10', 'km', '.',
    ]);
    expect(splitText('3. 4,')).toEqual(['3', '.', '4', ',']);
  });

  it('gives one piece per CJK character, including CJK punctuation', () => {
    expect(splitText('动物没有过马路，因为它太累了。它指的是')).toEqual([
      '动', '物', '没', '有', '过', '马', '路', '，', '因', '为', '它', '太', '累', '了', '。', '它', '指', '的', '是',
    ]);
    expect(splitText('ひらがなカタカナ、「引用」')).toEqual(['ひ', 'ら', 'が', 'な', 'カ', 'タ', 'カ', 'ナ', '、', '「', '引', '用', '」']);
  });

  it('splits mixed Chinese and English text', () => {
    expect(splitText('我爱NLP模型,GPT-2很强!')).toEqual(['我', '爱', 'nlp', '模', '型', ',', 'gpt', '-', '2', '很', '强', '!']);
    expect(splitText('第3章')).toEqual(['第', '3', '章']);
  });

  it('treats whitespace, control and format characters as described', () => {
    expect(splitText('  a\tb\nc\r\n\u3000d\u200Be ')).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Zero-width joiner and direction marks are dropped without splitting the word.
    expect(splitText('co\u200Dop\u200Ferate')).toEqual(['cooperate']);
    expect(splitText('')).toEqual([]);
    expect(splitText(' \n\t ')).toEqual([]);
  });

  it('makes emoji and other symbols their own pieces', () => {
    expect(splitText('I ❤️ tea🍵!')).toEqual(['i', '❤\uFE0F', 'tea', '🍵', '!']);
    expect(splitText('Ünïcödé ΣΟΦΊΑ שלום עולם')).toEqual(['ünïcödé', 'σοφία', 'שלום', 'עולם']);
  });

  it('does not throw on hostile strings', () => {
    const hostile = [
      '\u0000\u0001\u001f\u007f',
      '\uD800 lone \uDC00 surrogates \uD83D',
      '\u202E\u202Dreversed\u2066\u2069',
      '\u0301\u0301 leading marks',
      '👨‍👩‍👧‍👦🏳️‍🌈1️⃣',
      'مرحبا، العالم! ١٢٣',
      '\uFEFFbom',
      'x'.repeat(10000),
      '中'.repeat(10000),
    ];
    for (const s of hostile) {
      expect(() => splitText(s)).not.toThrow();
      for (const piece of splitText(s)) {
        expect(piece.length).toBeGreaterThan(0);
        expect(/\s/.test(piece)).toBe(false);
      }
    }
  });

  it('runs in linear time on long input', () => {
    const text = 'the cat sat on the mat, 它很累。 '.repeat(20000); // ~620k chars
    const t0 = performance.now();
    const pieces = splitText(text);
    const ms = performance.now() - t0;
    expect(pieces.length).toBe(20000 * 11);
    expect(ms).toBeLessThan(5000);
  });
});

describe('Tokenizer', () => {
  const texts = ["The dog didn't sleep. The dog ate!", '小狗很累。'];

  it('builds a deterministic vocabulary: specials, then by count, ties by first occurrence', () => {
    const tok = Tokenizer.fromTexts(texts);
    expect(tok.vocab).toEqual([PAD, UNK, BOS, 'the', 'dog', "didn't", 'sleep', '.', 'ate', '!', '小', '狗', '很', '累', '。']);
    expect(tok.size).toBe(15);
    expect(tok.idOf('dog')).toBe(4);
    expect(tok.idOf('cat')).toBeUndefined();
    expect(Tokenizer.fromTexts(texts, { maxVocab: 6 }).vocab).toEqual([PAD, UNK, BOS, 'the', 'dog', "didn't"]);
    expect(Tokenizer.fromTexts(texts, { minCount: 2 }).vocab).toEqual([PAD, UNK, BOS, 'the', 'dog']);
    expect(() => Tokenizer.fromTexts(texts, { maxVocab: 2 })).toThrow();
  });

  it('rejects a vocabulary without the specials or with duplicates', () => {
    expect(() => new Tokenizer(['a', 'b', 'c'])).toThrow(/must start with/);
    expect(() => new Tokenizer([PAD, UNK, BOS, 'x', 'x'])).toThrow(/twice/);
    expect(() => new Tokenizer([PAD, UNK, BOS, ''])).toThrow();
  });

  it('encodes with <bos> first and reports unknown pieces by position', () => {
    const tok = Tokenizer.fromTexts(texts);
    const enc = tok.encode('The cat ate 小猫!');
    expect(enc.tokens).toEqual([BOS, 'the', 'cat', 'ate', '小', '猫', '!']);
    expect(enc.ids).toEqual([BOS_ID, 3, UNK_ID, 8, 10, UNK_ID, 9]);
    expect(enc.unknown).toEqual([2, 5]);
    const noBos = tok.encode('The cat', { bos: false });
    expect(noBos.ids).toEqual([3, UNK_ID]);
    expect(noBos.unknown).toEqual([1]);
    expect(tok.encode('').ids).toEqual([BOS_ID]);
  });

  it('decodes by the documented rule', () => {
    const tok = Tokenizer.fromTexts(["the animal didn't cross . 动物没有过马路，因为它太累了。"]);
    const enc = tok.encode("The animal didn't cross. 动物没有过马路，因为它太累了。");
    // No space next to a CJK piece, one space between other pieces.
    expect(tok.decode(enc.ids)).toBe("the animal didn't cross .动物没有过马路，因为它太累了。");
    expect(tok.decode([PAD_ID, BOS_ID, UNK_ID, tok.idOf('cross') as number, PAD_ID])).toBe('<unk> cross');
    expect(() => tok.decode([tok.size])).toThrow(RangeError);
    expect(() => tok.decode([1.5])).toThrow(RangeError);
  });

  it('round-trips in-vocabulary text: splitText(decode(ids)) equals splitText(text)', () => {
    const samples = [
      "The animal didn't cross the street because it was too tired. It refers to the animal.",
      '动物没有过马路，因为它太窄了。它指的是马路。',
      '我爱NLP模型,GPT-2很强! 3.14 and 1,000; 10km “引号” ‘单’ 「」',
      'I ❤️ tea🍵! 1️⃣ \u0301x 中\u0301 ά',
      'مرحبا، العالم! שלום',
    ];
    // Random strings over a hostile alphabet.
    const alphabet = ['a', 'B', 'z', "'", '’', '.', ',', '1', '9', ' ', '\n', '中', '。', '，', '\u0301', '❤', '\uFE0F', '\u200D', '\u200F', '-', 'é', 'ش', '🍵', '\uD800'];
    const rng = new Rng(7);
    for (let i = 0; i < 300; i++) {
      let s = '';
      const n = rng.int(30);
      for (let j = 0; j < n; j++) s += rng.pick(alphabet);
      samples.push(s);
    }
    for (const text of samples) {
      const tok = Tokenizer.fromTexts([text]);
      const enc = tok.encode(text);
      expect(enc.unknown).toEqual([]);
      const decoded = tok.decode(enc.ids.slice(1));
      expect(splitText(decoded), JSON.stringify(text)).toEqual(splitText(text));
    }
  });

  it('encodes hostile strings without throwing; odd symbols become unknown', () => {
    const tok = Tokenizer.fromTexts(['the cat']);
    const enc = tok.encode('the 🐱\u0000\uD800 cat \u202E');
    expect(enc.tokens).toEqual([BOS, 'the', '🐱', '\uD800', 'cat']);
    expect(enc.unknown).toEqual([2, 3]);
    expect(tok.decode(enc.ids)).toBe('the <unk> <unk> cat');
  });

  it('serialises to the checkpoint tokenizer object', () => {
    const tok = Tokenizer.fromTexts(['b a b']);
    expect(tok.toJSON()).toEqual({ kind: 'word', vocab: [PAD, UNK, BOS, 'b', 'a'] });
    expect(new Tokenizer(tok.toJSON().vocab).vocab).toEqual(tok.vocab);
  });
});
