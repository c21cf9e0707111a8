/** The bundled archive and its matcher, loaded in Node (the CLI, the evaluation, the tests). */
import type { Entity } from '../../lib/archive/schema';
import { type ArchiveDocument, parseArchiveDocument } from '../../lib/archive/schema';
import { compileMatcher, type Matcher, patternsOf } from '../../lib/entities/matcher';
import { readSnapshotSource } from './snapshot-source';

export interface Gazetteer {
  doc: ArchiveDocument;
  matcher: Matcher;
  entities: Map<string, Entity>;
}

/** Reads data/ afresh each time, so a build in `wxt` dev mode sees the gazetteer as it is now. */
export function loadBundledGazetteer(): Gazetteer {
  const parsed = parseArchiveDocument(readSnapshotSource());
  if (!parsed.ok) throw new Error(`The bundled archive is invalid: ${parsed.issues.slice(0, 3).join('; ')}`);
  return {
    doc: parsed.value,
    matcher: compileMatcher(patternsOf(parsed.value.entities)),
    entities: new Map(parsed.value.entities.map((e) => [e.id, e])),
  };
}
