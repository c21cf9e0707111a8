/** The typed client every part uses to ask the background. */
import { browser } from 'wxt/browser';
import { failure } from './problem';
import type { Envelope, MessageData, MessageType, MessageValue, Result } from './protocol';

/** Sends one message to the background; a closed channel or a missing answer becomes an error value. */
export async function sendMessage<K extends MessageType>(type: K, data: MessageData<K>): Promise<Result<MessageValue<K>>> {
  const envelope: Envelope<K> = { backstory: 1, type, data };
  try {
    const reply = (await browser.runtime.sendMessage(envelope)) as Result<MessageValue<K>> | undefined;
    return reply ?? failure('The background did not answer.', { code: 'noAnswer' });
  } catch (error) {
    const detail = (error as Error).message;
    return failure(`Could not reach the background: ${detail}`, { code: 'noBackground', detail });
  }
}
