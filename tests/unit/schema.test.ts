import { describe, expect, it } from 'vitest';
import { checkIntegrity, idFromName } from '../../lib/archive/integrity';
import { parseArchiveDocument } from '../../lib/archive/schema';
import { miniArchive } from './helpers';

describe('parseArchiveDocument', () => {
  it('accepts a valid document and fills defaults', () => {
    const doc = miniArchive();
    expect(doc.entities).toHaveLength(8);
    expect(doc.entities.find((e) => e.id === 'anthropic')?.aliases).toEqual([]);
    expect(doc.items[1]?.follows).toEqual([]);
  });

  it('refuses a link that is not http(s), saying where', () => {
    const doc = structuredClone(miniArchive()) as unknown as { items: { url?: string }[] };
    (doc.items[0] as { url?: string }).url = 'javascript:alert(1)';
    const parsed = parseArchiveDocument(doc);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.join('\n')).toMatch(/^items\.0\.url: /m);
  });

  it('refuses an item without coverage and a "checked" row without its source', () => {
    const doc = structuredClone(miniArchive());
    doc.items[0]!.coverage = [];
    expect(parseArchiveDocument(doc).ok).toBe(false);
    const other = structuredClone(miniArchive());
    other.items[0]!.coverage[0]!.checked = 'checked';
    const parsed = parseArchiveDocument(other);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.join()).toContain('needs its source');
  });

  it('refuses input that is not an archive at all, without throwing', () => {
    expect(parseArchiveDocument(null).ok).toBe(false);
    expect(parseArchiveDocument({ format: 'rss' }).ok).toBe(false);
  });
});

describe('checkIntegrity', () => {
  it('finds nothing wrong in a consistent document', () => {
    expect(checkIntegrity(miniArchive(), '2026-11-25')).toEqual([]);
  });

  it('finds duplicate ids, dangling references and contested aliases', () => {
    const doc = structuredClone(miniArchive());
    doc.entities.push({ ...doc.entities[0]!, id: 'alibaba-2', aliases: ['BABA'], ambiguous: [] });
    doc.items.push({ ...doc.items[2]!, entities: ['nobody'], follows: ['never-happened'] });
    const problems = checkIntegrity(doc, '2026-11-25');
    expect(problems).toEqual(
      expect.arrayContaining([
        'item 2026-05-01-openai-update: duplicate id',
        'item 2026-05-01-openai-update: entity nobody does not exist',
        'item 2026-05-01-openai-update: follows never-happened, which does not exist',
        'alias "baba" is claimed by alibaba, alibaba-2 and not marked ambiguous by all',
      ]),
    );
  });

  it('finds dates in the future', () => {
    expect(checkIntegrity(miniArchive(), '2026-07-01')).toContain(
      'item 2026-07-04-alibaba-bans-claude-code: date 2026-07-04 is out of range',
    );
  });
});

describe('idFromName', () => {
  it('follows the archive id rule', () => {
    expect(idFromName('Moonshot AI')).toBe('moonshot-ai');
    expect(idFromName('GPT-4o')).toBe('gpt-4o');
    expect(idFromName('Société Générale')).toBe('societe-generale');
  });
});
