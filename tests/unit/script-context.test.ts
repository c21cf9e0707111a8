import { describe, expect, it } from 'vitest';
import { ContentScriptContext } from '../../lib/content/script-context';

describe("the article script's context", () => {
  it('ends the copy that ran before it in the same world, once, and leaves copies of other scripts alone', () => {
    const ended: string[] = [];
    const first = new ContentScriptContext('article');
    const other = new ContentScriptContext('other');
    first.onInvalidated(() => ended.push('first'));
    other.onInvalidated(() => ended.push('other'));
    const second = new ContentScriptContext('article');
    second.onInvalidated(() => ended.push('second'));
    expect(ended).toEqual(['first']);
    expect([first.isValid, second.isValid, other.isValid]).toEqual([false, true, true]);
    first.abort();
    expect(ended).toEqual(['first']);
    const third = new ContentScriptContext('article');
    expect(ended).toEqual(['first', 'second']);
    third.abort();
    other.abort();
  });

  it('ends by its own abort (the reader paused Backstory), and a listener taken away is not called', () => {
    const ended: string[] = [];
    const context = new ContentScriptContext('article');
    const stop = context.onInvalidated(() => ended.push('removed'));
    context.onInvalidated(() => ended.push('kept'));
    stop();
    context.abort('paused');
    expect(ended).toEqual(['kept']);
    expect(context.signal.reason).toBe('paused');
    // An ended copy is no longer the running one: the next starts without ending anything.
    const next = new ContentScriptContext('article');
    expect(next.isValid).toBe(true);
    next.abort();
  });
});
