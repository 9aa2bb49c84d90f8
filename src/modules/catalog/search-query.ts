import { synonymGroups } from './synonyms.data';

const MAX_WORDS = 8;

/** Lowercase ASCII words of a query; anything else (quotes, operators, SQL) becomes a space. */
export function normalizeQuery(raw: string): string {
  return raw
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, MAX_WORDS)
    .join(' ');
}

const prefixTerm = (word: string) => `${word}:*`;
const phraseTerm = (phrase: string) => {
  const words = phrase.split(' ');
  return words.length === 1 ? prefixTerm(words[0]!) : `(${words.map(prefixTerm).join(' & ')})`;
};

/**
 * The to_tsquery text for a normalized query: every word a prefix (search as you type), all
 * words required, and a phrase from a synonym group replaced by "any phrase of the group".
 * Only [a-z0-9] reaches the text, so it is always a valid tsquery.
 */
export function buildTsQuery(normalized: string): string | null {
  if (!normalized) return null;
  const words = normalized.split(' ');
  const parts: string[] = [];
  let index = 0;
  while (index < words.length) {
    const match = longestSynonymAt(words, index);
    if (match) {
      parts.push(`(${match.group.map(phraseTerm).join(' | ')})`);
      index += match.length;
    } else {
      parts.push(prefixTerm(words[index]!));
      index += 1;
    }
  }
  return parts.join(' & ');
}

function longestSynonymAt(words: string[], start: number): { group: string[]; length: number } | null {
  let best: { group: string[]; length: number } | null = null;
  for (const group of synonymGroups) {
    for (const phrase of group) {
      const phraseWords = phrase.split(' ');
      const fits = phraseWords.every((word, offset) => words[start + offset] === word);
      if (fits && (!best || phraseWords.length > best.length)) best = { group, length: phraseWords.length };
    }
  }
  return best;
}
