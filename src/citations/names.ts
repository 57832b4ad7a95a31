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

// Particles that belong to the family name when they come directly before the last word.
// Any lower-case word there counts ("Ludwig van Beethoven"). Capitalised, only these count,
// because "Van", "Da", "Di", "Le", "La" and "Bin" are also given or middle names, as in the
// Vietnamese "Thanh Van Nguyen", whose family name is "Nguyen".
const CAPITALISED_PARTICLES = new Set(['Ó', 'Ní', 'Mac', 'Mc', 'De', 'Del', 'Della', 'Von', 'Du', 'Dos', 'Das', 'Ibn', 'Al']);

// Capitalised words that are particles only after another particle: "De La Cruz", "Von Der Leyen".
const FOLLOWING_PARTICLES = new Set(['La', 'Las', 'Los', 'Der', 'Den']);

/**
 * Splits `name` into family and given names: the last word is the family name. Lower-case
 * words before it become the particle ("van" in "Ludwig van Beethoven"). When a capitalised
 * particle is among them ("Seán Ó Briain"), they are all part of the family name instead,
 * because CSL styles would otherwise treat "Ó" as an initial.
 */
export function splitName(name: string): PersonName {
  const clean = name.replace(/\s+/g, ' ').trim();
  const words = clean.split(' ');
  if (words.length < 2 || UNSPACED_SCRIPT.test(clean)) {
    return { literal: clean };
  }

  const last = words.length - 1;
  let firstParticle = last;
  while (firstParticle > 1) {
    const word = words[firstParticle - 1];
    const follows = FOLLOWING_PARTICLES.has(word) && firstParticle > 2 && isParticle(words[firstParticle - 2]);
    if (!isParticle(word) && !follows) {
      break;
    }
    firstParticle--;
  }

  const given = words.slice(0, firstParticle).join(' ');
  const particles = words.slice(firstParticle, last);
  if (particles.some((word) => !isLowerCase(word))) {
    return { family: words.slice(firstParticle).join(' '), given };
  }
  return particles.length > 0 ? { family: words[last], given, particle: particles.join(' ') } : { family: words[last], given };
}

function isLowerCase(word: string): boolean {
  return /^\p{Ll}+$/u.test(word);
}

function isParticle(word: string): boolean {
  return isLowerCase(word) || CAPITALISED_PARTICLES.has(word);
}

/** The paper's author names, whitespace collapsed and empty names dropped. */
export function authorNames(paper: Paper): string[] {
  return paper.authors.map((author) => author.name.replace(/\s+/g, ' ').trim()).filter((name) => name.length > 0);
}
