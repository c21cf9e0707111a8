/** The background's side of the protocol: checks each sender, then answers through the handlers. */
import type { Browser } from 'wxt/browser';
import { ProblemError } from './problem';
import {
  ALLOWED_SENDER,
  isEnvelope,
  type MessageData,
  type MessageType,
  type MessageValue,
  type Result,
  type SenderKind,
} from './protocol';

type Sender = Browser.runtime.MessageSender;

/** One handler a message; `sender` is already checked. */
export type Handlers = {
  [K in MessageType]: (data: MessageData<K>, sender: Sender) => Promise<MessageValue<K>> | MessageValue<K>;
};

const EXTENSION_SCHEMES = ['chrome-extension:', 'moz-extension:', 'safari-web-extension:'];

/**
 * What kind of sender this is, or null when it is not this extension's own: a page's script or
 * another extension gets no answer. The scheme, not the origin, tells our pages apart, because the
 * sidebar may run at a per-session dynamic origin (`use_dynamic_url`).
 */
export function senderKind(sender: Sender, extensionId: string): SenderKind | null {
  if (sender.id !== extensionId) return null;
  let protocol = '';
  try {
    protocol = new URL(sender.url ?? '').protocol;
  } catch {
    return null;
  }
  if (EXTENSION_SCHEMES.includes(protocol)) return 'extension-page';
  if (sender.tab?.id !== undefined) return 'content-script';
  return null;
}

/**
 * A `runtime.onMessage` listener for the handlers. Where the browser passes `sendResponse` it answers
 * through it and returns true (the form every browser and polyfill honours); where it does not (WXT's
 * fake browser in unit tests) it returns the answer's Promise.
 */
export function createMessageListener(handlers: Handlers, extensionId: string) {
  return (
    message: unknown,
    sender: Sender,
    sendResponse?: (reply: Result<unknown>) => void,
  ): true | Promise<Result<unknown>> | undefined => {
    if (!isEnvelope(message)) return undefined;
    const kind = senderKind(sender, extensionId);
    const reply: Promise<Result<unknown>> =
      kind === null || ALLOWED_SENDER[message.type] !== kind
        ? Promise.resolve({ ok: false, error: `${message.type} is not accepted from this sender.` })
        : Promise.resolve()
            .then(() => (handlers[message.type] as (data: unknown, sender: Sender) => unknown)(message.data, sender))
            .then(
              (value): Result<unknown> => ({ ok: true, value }),
              (error: unknown): Result<unknown> =>
                error instanceof ProblemError && error.problem
                  ? { ok: false, error: error.message, problem: error.problem }
                  : { ok: false, error: error instanceof Error ? error.message : String(error) },
            );
    if (typeof sendResponse !== 'function') return reply;
    void reply.then(sendResponse);
    return true;
  };
}
