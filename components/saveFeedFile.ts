/** Saves the archive, or one entity's items, as a feed file: the worker writes it, the page downloads it. */
import { sendMessage } from '../lib/messaging/client';

/** Asks for the file and saves it through a download; says what was saved, or why not. */
export async function saveFeedFile(data: { entityId?: string }): Promise<string> {
  const reply = await sendMessage('exportFeedFile', data);
  if (!reply.ok) return `Could not save: ${reply.error}`;
  const { name, text, items } = reply.value;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // After the download has taken the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return `Saved ${items} ${items === 1 ? 'item' : 'items'} as ${name}.`;
}
