// Author names from Daily Papers come as one display string ("Jingtao Zhan"). CSL and RIS
// want family and given names apart, so this splits them the way reference managers do
// for Western names and keeps everything else whole.
import type { Paper } from '../papers/model';

export interface PersonName {
  family?: string;
  given?: string;
  /** Lower-case particle kept with the family name, e.g. `van` in "Ludwig van Beethoven". */
  particle?: string;
  /** The whole name when it cannot be split: one word, or a name in a script without spaces. */
  literal?: string;
}

// Han, Hiragana, Katakana and Hangul: names in these scripts are written without a space
// between family and given name, so guessing a split would be wrong.
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Splits `name` into family and given names: the last word is the family name. */
export function splitName(name: string): PersonName {
  const clean = name.replace(/\s+/g, ' ').trim();
  const words = clean.split(' ');
  if (words.length < 2 || UNSPACED_SCRIPT.test(clean)) {
    return { literal: clean };
  }

  const family = words[words.length - 1];
  let firstParticle = words.length - 1;
  while (firstParticle > 1 && /^\p{Ll}+$/u.test(words[firstParticle - 1])) {
    firstParticle--;
  }

  const given = words.slice(0, firstParticle).join(' ');
  const particle = words.slice(firstParticle, words.length - 1).join(' ');
  return particle ? { family, given, particle } : { family, given };
}

/** The paper's author names, whitespace collapsed and empty names dropped. */
export function authorNames(paper: Paper): string[] {
  return paper.authors.map((author) => author.name.replace(/\s+/g, ' ').trim()).filter((name) => name.length > 0);
}
