/** Shared test material: the mini archive fixture, parsed, and a matcher built from it. */
import { readFileSync } from 'node:fs';
import { type ArchiveDocument, parseArchiveDocument } from '../../lib/archive/schema';
import { compileMatcher, patternsOf } from '../../lib/entities/matcher';

export function miniArchive(): ArchiveDocument {
  const raw: unknown = JSON.parse(readFileSync(new URL('../fixtures/archive/mini.json', import.meta.url), 'utf8'));
  const parsed = parseArchiveDocument(raw);
  if (!parsed.ok) throw new Error(parsed.issues.join('\n'));
  return parsed.value;
}

export function miniMatcher() {
  const doc = miniArchive();
  return { matcher: compileMatcher(patternsOf(doc.entities)), entities: new Map(doc.entities.map((e) => [e.id, e])) };
}

/** A fresh database name for each test, so tests never see each other's data. */
let counter = 0;
export function freshDbName(): string {
  counter += 1;
  return `backstory-test-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`;
}
