// English texts of "words the model knows" (marking unknown words, suggestions, the vocabulary list);
// merged into the main dictionary (en.ts).

export const wordsEn = {
  'words.unknownTitle': 'Not in the model’s vocabulary (it reads these as <unk>):',
  'words.unknownMore': '…and {n} more unknown words.',
  'words.spelling': 'Spelled like:',
  'words.noSpelling': 'no known word is spelled close to it.',
  'words.noSpellingCjk': 'every Chinese character is one edit from every other, so spelling cannot suggest one; look in the vocabulary list.',
  'words.meaning': 'Close in meaning to “{word}” (the model’s embeddings):',
  'words.noMeaning': 'In the model’s embeddings no word is clearly close in meaning to “{word}” (none has a cosine above {threshold} = 3/√{d}).',
  'words.replace': 'Replace “{from}” with “{to}”',
  'words.cosine': 'cosine {value}',
  'words.edits': '{n} edit(s)',
  'words.announceSome': 'The model does not know {n} word(s): {words}.',
  'words.announceNone': 'The model knows every word of the sentence now.',
  'words.open': 'Words the model knows ({n})',
  'words.dialogTitle': 'Words the model knows',
  'words.dialogHelp': 'The tokenizer looks each word (each Chinese character) up in this list; anything else becomes <unk>. Upper and lower case are the same word.',
  'words.search': 'Search the vocabulary',
  'words.count': '{shown} of {total} shown',
  'words.groupWords': 'Words',
  'words.groupCjk': 'Chinese characters',
  'words.groupOther': 'Punctuation and other',
  'words.specials': 'Special tokens the model uses itself (never typed): {list}',
  'words.none': 'No word in the vocabulary contains “{query}”.',
  'words.close': 'Close',
} as const;
