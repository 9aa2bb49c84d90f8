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

export interface TsQueryOptions {
  /** `A`: every word must be in the product name (the name is weight A in `search_vector`). */
  weight?: 'A' | undefined;
  /** Spelling corrections per query word (from the catalogue vocabulary): any of them will do. */
  corrections?: ReadonlyMap<string, readonly string[]> | undefined;
  /** false: the words as typed, without their synonyms (the literal match ranks first). */
  synonyms?: boolean | undefined;
}

/** One query word: matched whole, or as a prefix (the last word, search as you type). */
export interface QueryTerm {
  word: string;
  prefix: boolean;
}
/** A phrase: every term. */
export type QueryAlternative = QueryTerm[];
/** One position of the query: any of its alternatives (a typed word, or a synonym group). */
export type QueryPart = QueryAlternative[];

/**
 * The structure of a normalized query: all parts required; the last typed word a prefix
 * (search as you type; the others are whole words, which an index looks up far faster than
 * prefixes); a phrase from a synonym group becomes "any phrase of the group"; with
 * corrections, a word outside a synonym phrase also matches its corrections (whole words).
 */
export function buildQueryTree(
  normalized: string,
  options: Pick<TsQueryOptions, 'corrections' | 'synonyms'> = {},
): QueryPart[] {
  if (!normalized) return [];
  const words = normalized.split(' ');
  const parts: QueryPart[] = [];
  let index = 0;
  while (index < words.length) {
    const match = options.synonyms === false ? null : longestSynonymAt(words, index);
    if (match) {
      parts.push(match.group.map((phrase) => phrase.split(' ').map((word) => ({ word, prefix: false }))));
      index += match.length;
    } else {
      const word = words[index]!;
      const alternatives = options.corrections?.get(word) ?? [];
      parts.push([
        [{ word, prefix: index === words.length - 1 }],
        ...alternatives.map((alternative) => [{ word: alternative, prefix: false }]),
      ]);
      index += 1;
    }
  }
  return parts;
}

/**
 * The to_tsquery text for a normalized query (the structure of `buildQueryTree`), optionally
 * limited to the name (weight A of `search_vector`). Only [a-z0-9] reaches the text, so it is
 * always a valid tsquery.
 */
export function buildTsQuery(normalized: string, options: TsQueryOptions = {}): string | null {
  if (!normalized) return null;
  const weight = options.weight ?? '';
  const term = ({ word, prefix }: QueryTerm) => `${word}${prefix ? ':*' : weight ? ':' : ''}${weight}`;
  const alternative = (terms: QueryAlternative) =>
    terms.length === 1 ? term(terms[0]!) : `(${terms.map(term).join(' & ')})`;
  return buildQueryTree(normalized, options)
    .map((part) => (part.length === 1 ? alternative(part[0]!) : `(${part.map(alternative).join(' | ')})`))
    .join(' & ');
}

/** The words of a normalized query worth correcting: three letters or more, not a number. */
export function correctableWords(normalized: string): string[] {
  return [...new Set(normalized.split(' ').filter((word) => word.length >= 3 && /[a-z]/.test(word)))];
}

/** Vocabulary words of product names (as stored in `catalog_words`), for the typo corrections. */
export function vocabularyOf(names: readonly string[]): string[] {
  const words = new Set<string>();
  for (const name of names)
    for (const word of name
      .normalize('NFKD')
      .toLowerCase()
      .split(/[^a-z0-9]+/))
      if (word.length >= 3 && word.length <= 40 && /[a-z]/.test(word)) words.add(word);
  return [...words];
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
