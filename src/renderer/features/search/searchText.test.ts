import { describe, expect, it } from 'vitest';
import { fold, highlight, queryTerms, words } from './searchText';

describe('search text', () => {
  it('folds case and accents, and splits on anything that is not a letter or digit', () => {
    expect(fold('Café ÉCOLE')).toBe('cafe ecole');
    expect(words("Bob's key: 4512 — under the mat 🙂")).toEqual(['Bob', 's', 'key', '4512', 'under', 'the', 'mat']);
    expect(queryTerms('  Key key KÉY mat ')).toEqual(['key', 'mat']);
    // The commonest words narrow nothing and are not in the index.
    expect(queryTerms('Where is the key')).toEqual(['key']);
  });

  it('marks whole words of the query, and words starting with its last word, whatever their case or accents', () => {
    const marked = highlight('Cleaning the Café, then clean up the cafeteria', 'cafe clean').filter((s) => s.match).map((s) => s.text);
    // "cafe" is not the last word, so "cafeteria" is not a match; "clean" is, as a prefix.
    expect(marked).toEqual(['Cleaning', 'Café', 'clean']);
    expect(highlight('no match here', 'xyz')).toEqual([{ text: 'no match here', match: false }]);
    // A last word shorter than three letters is a whole word, as in the index.
    expect(highlight('Key to the keyboard', 'ke').some((s) => s.match)).toBe(false);
  });

  it('cuts a long message to a snippet around its first match', () => {
    const content = `${'word '.repeat(100)}needle ${'tail '.repeat(100)}`;
    const segments = highlight(content, 'needle');
    expect(segments[0]).toEqual({ text: '…', match: false });
    expect(segments.at(-1)).toEqual({ text: '…', match: false });
    expect(segments.find((s) => s.match)?.text).toBe('needle');
    expect(segments.map((s) => s.text).join('').length).toBeLessThan(210);
  });
});
