import { BehaviorSubject, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { keyedLatest, type KeyedSource } from './keyed-latest';

describe('keyedLatest', () => {
  it('subscribes again only for a new id or a changed key, and waits for a new id before emitting', () => {
    const list = new Subject<KeyedSource[]>();
    const made: string[] = [];
    const values: Record<string, BehaviorSubject<string>> = {};
    const seen: Array<Record<string, string>> = [];
    const sub = keyedLatest(list, ({ id, key }) => {
      made.push(`${id}:${key}`);
      return (values[`${id}:${key}`] = new BehaviorSubject(`${id}@${key}`));
    }).subscribe((map) => seen.push(Object.fromEntries(map)));

    list.next([{ id: 'a', key: '1' }, { id: 'b', key: '1' }]);
    expect(made).toEqual(['a:1', 'b:1']);
    list.next([{ id: 'a', key: '2' }, { id: 'b', key: '1' }]);
    expect(made).toEqual(['a:1', 'b:1', 'a:2']);
    values['b:1']?.next('b changed');
    list.next([{ id: 'b', key: '1' }]);
    sub.unsubscribe();

    expect(seen.at(-2)).toEqual({ a: 'a@2', b: 'b changed' });
    expect(seen.at(-1)).toEqual({ b: 'b changed' });
    expect(values['a:1']?.observed).toBe(false);
    expect(values['b:1']?.observed).toBe(false);
  });
});
