// The sentences the Compare view starts from, the resolution clause it appends, and how it finds the
// two candidate nouns (and, when it can, which one "it" should refer to) in a sentence the learner
// edited. The word lists mirror CONTRACT §4 (the page cannot import src/data).

export type Language = 'en' | 'zh';

/** The clause appended to every sentence so that the model's next word says what "it" refers to. */
export function resolutionClause(lang: Language): string {
  return lang === 'zh' ? '它指的是' : ' . it refers to the';
}

/** Chinese when the sentence holds a CJK character. */
export function sentenceLanguage(sentence: string): Language {
  return /[\u3400-\u9fff]/.test(sentence) ? 'zh' : 'en';
}

/** The text the model reads: the sentence (trailing spaces and final stop removed) + the clause. */
export function withClause(sentence: string): string {
  const lang = sentenceLanguage(sentence);
  if (lang === 'zh') {
    const s = sentence.trim().replace(/[。.]+$/u, '');
    return `${s}。${resolutionClause('zh')}`;
  }
  const s = sentence.trim().replace(/\s*\.+$/, '');
  return `${s}${resolutionClause('en')}`;
}

export interface Preset {
  id: 'tired-narrow' | 'tired-wide' | 'fit-big-small' | 'zh';
  a: string;
  b: string;
}

export const PRESETS: readonly Preset[] = [
  { id: 'tired-narrow', a: "the animal didn't cross the street because it was too tired", b: "the animal didn't cross the street because it was too narrow" },
  { id: 'tired-wide', a: "the animal didn't cross the street because it was too tired", b: "the animal didn't cross the street because it was too wide" },
  { id: 'fit-big-small', a: "the trophy didn't fit in the suitcase because it was too big", b: "the trophy didn't fit in the suitcase because it was too small" },
  { id: 'zh', a: '动物没有过马路，因为它太累了', b: '动物没有过马路，因为它太窄了' },
];

interface Family {
  firstAdjectives: readonly string[];
  secondAdjectives: readonly string[];
}

const FAMILIES: Record<'cross' | 'fit' | 'zh', Family> = {
  cross: {
    firstAdjectives: ['tired', 'scared', 'weak', 'old', 'slow', 'sleepy', 'lazy', 'hungry'],
    secondAdjectives: ['narrow', 'wide', 'busy', 'crowded', 'dark', 'icy', 'steep', 'long'],
  },
  fit: { firstAdjectives: ['big', 'large', 'tall', 'long'], secondAdjectives: ['small', 'tiny', 'full', 'narrow'] },
  zh: { firstAdjectives: ['累', '困', '老', '饿'], secondAdjectives: ['窄', '宽', '挤', '滑'] },
};

export interface Candidates {
  first: string;
  second: string;
  /** The noun "it" refers to by the corpus's rule for this adjective, or null when the adjective is not one of them. */
  expected: string | null;
  adjective: string | null;
}

/**
 * The two nouns of a Winograd-style sentence: English "the X … the Y …" (the words after the first two
 * "the"s), Chinese "X没有过Y，…". Null when the sentence does not have that shape.
 */
export function findCandidates(sentence: string): Candidates | null {
  const lang = sentenceLanguage(sentence);
  let first: string | undefined;
  let second: string | undefined;
  let adjective: string | null = null;
  let family: Family | null = null;
  if (lang === 'zh') {
    const m = /^\s*(\S+?)没有(?:过|放进)(\S+?)[，,]/u.exec(sentence);
    if (m) {
      first = m[1];
      second = m[2];
    }
    const adj = /太(\S)了?/u.exec(sentence);
    adjective = adj ? adj[1] : null;
    family = FAMILIES.zh;
  } else {
    const words: string[] = sentence.toLowerCase().match(/[a-z']+/g) ?? [];
    const nouns: string[] = [];
    for (let i = 0; i + 1 < words.length && nouns.length < 2; i++) {
      if (words[i] === 'the' && !nouns.includes(words[i + 1])) nouns.push(words[i + 1]);
    }
    [first, second] = nouns;
    const too = words.indexOf('too');
    adjective = too >= 0 && too + 1 < words.length ? words[too + 1] : null;
    family = words.includes('fit') ? FAMILIES.fit : FAMILIES.cross;
  }
  if (!first || !second || first === second) return null;
  let expected: string | null = null;
  if (adjective && family.firstAdjectives.includes(adjective)) expected = first;
  else if (adjective && family.secondAdjectives.includes(adjective)) expected = second;
  return { first, second, expected, adjective };
}
