import { describe, expect, it } from 'vitest';
import { checkIntegrity, idFromName, namesSurface } from '../../lib/archive/integrity';
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

  it('finds a usual news sense given to a name that is not marked ambiguous', () => {
    const doc = structuredClone(miniArchive());
    const claude = doc.entities.find((e) => e.id === 'claude') as (typeof doc.entities)[number];
    claude.newsSense = { names: ['Claude', 'claude'], otherSense: ['Monet'] };
    expect(checkIntegrity(doc, '2026-11-25')).toEqual(['entity claude: newsSense name "claude" is not one of its ambiguous names']);
  });

  it('finds dates in the future', () => {
    expect(checkIntegrity(miniArchive(), '2026-07-01')).toContain(
      'item 2026-07-04-alibaba-bans-claude-code: date 2026-07-04 is out of range',
    );
  });
});

describe('checkIntegrity: what an item says', () => {
  it('finds an entity an item lists but never names, by name or alias as a whole word', () => {
    const doc = structuredClone(miniArchive());
    const item = doc.items.find((i) => i.id === '2026-05-01-openai-update')!;
    item.entities.push('anthropic');
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([
      'item 2026-05-01-openai-update: lists anthropic but never names it (Anthropic or an alias)',
    ]);
    item.take = 'Routine, as Anthropic’s rival ships.';
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([]);
  });

  it('takes a name only as a whole word, and an alias case-insensitively', () => {
    expect(namesSurface('Alibaba releases Qwen3', 'Qwen')).toBe(false);
    expect(namesSurface('Alibaba’s Qwen lab', 'Qwen')).toBe(true);
    expect(namesSurface('an Xbox deal', 'X')).toBe(false);
    expect(namesSurface('said on X that', 'X')).toBe(true);
    expect(namesSurface('shares of baba fell', 'BABA')).toBe(true);
    expect(namesSurface('Anthropic’s letter', "Anthropic's")).toBe(true);
  });

  it('finds a bracketed headline not marked as a description, and a marked one without brackets', () => {
    const doc = structuredClone(miniArchive());
    const row = doc.items[0]!.coverage[0]!;
    row.headline = '[TechCrunch report on the ban]';
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([
      'item 2026-07-04-alibaba-bans-claude-code: coverage 0 has a bracketed headline not marked as a description',
    ]);
    row.description = true;
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([]);
    row.headline = 'Alibaba reportedly bans employees from using Claude Code';
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([
      'item 2026-07-04-alibaba-bans-claude-code: coverage 0 is marked as a description but is not in brackets',
    ]);
  });

  it('finds a signal still open past its date without a note, against the day given', () => {
    const doc = structuredClone(miniArchive());
    const signal = doc.items[0]!.signals[0]!;
    delete signal.note;
    expect(checkIntegrity(doc, '2026-09-01')).toEqual([]);
    expect(checkIntegrity(doc, '2026-09-03')).toEqual([
      'item 2026-07-04-alibaba-bans-claude-code: a signal due 2026-09-02 is still open without a note saying why',
    ]);
    // A settled signal needs no note; what settled it came after the item.
    doc.items.push({ ...structuredClone(doc.items[2]!), id: '2026-08-01-openai-later', published: '2026-08-01' });
    signal.status = 'confirmed';
    signal.resolvedBy = '2026-08-01-openai-later';
    expect(checkIntegrity(doc, '2026-09-03')).toEqual([]);
  });

  it('finds a signal settled by an item dated before the one that named it', () => {
    const doc = structuredClone(miniArchive());
    const signal = doc.items[0]!.signals[0]!;
    signal.status = 'confirmed';
    signal.resolvedBy = '2026-06-10-distillation-letter';
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([
      'item 2026-07-04-alibaba-bans-claude-code (2026-07-04): signal resolved by 2026-06-10-distillation-letter, dated before it (2026-06-10)',
    ]);
  });

  it('finds an item that follows one item twice, or follows one dated after it', () => {
    const doc = structuredClone(miniArchive());
    const ban = doc.items[0]!;
    ban.follows.push('2026-06-10-distillation-letter');
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([
      'item 2026-07-04-alibaba-bans-claude-code: follows 2026-06-10-distillation-letter twice',
    ]);
    ban.follows = ['2026-06-10-distillation-letter'];
    // The letter cannot follow the ban a month after it: a reversed link, or a misdated item.
    doc.items[1]!.follows = ['2026-07-04-alibaba-bans-claude-code'];
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([
      'item 2026-06-10-distillation-letter (2026-06-10): follows 2026-07-04-alibaba-bans-claude-code, dated after it (2026-07-04)',
    ]);
    // The same day is no later: two items of one day may follow each other in either order.
    doc.items[1]!.published = '2026-07-04';
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([]);
  });

  it('finds an item whose prose doubts its own date without a dateNote saying why', () => {
    const doc = structuredClone(miniArchive());
    const item = doc.items[2]!;
    const problem = `item ${item.id}: its prose doubts its own date (placeholder, unconfirmed) but it has no dateNote`;
    for (const sentence of [
      'It is filed under 1 May only as a placeholder.',
      'The exact day is not confirmed.',
      'The date is unconfirmed.',
      'An approximate date.',
    ]) {
      item.summary = `OpenAI shipped an update. ${sentence}`;
      expect(checkIntegrity(doc, '2026-11-25'), sentence).toEqual([problem]);
    }
    item.dateNote = 'No stored report gives the day; filed under the first day of the week reported.';
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([]);
    // Dates that are not in doubt are not flagged.
    delete item.dateNote;
    item.summary = 'OpenAI confirmed the date of its event on Tuesday; the day before, it had not said.';
    expect(checkIntegrity(doc, '2026-11-25')).toEqual([]);
  });
});

describe('idFromName', () => {
  it('follows the archive id rule', () => {
    expect(idFromName('Moonshot AI')).toBe('moonshot-ai');
    expect(idFromName('GPT-4o')).toBe('gpt-4o');
    expect(idFromName('Société Générale')).toBe('societe-generale');
  });
});
