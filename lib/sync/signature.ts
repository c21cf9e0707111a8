/**
 * Ed25519 signatures of feed pages, with WebCrypto (`crypto.subtle`), which has Ed25519 in Node 20 and
 * in Chromium's service worker (Chrome 137+) alike: no library needed. The public key travels in the
 * build (wxt.config.ts, from BACKSTORY_FEED_PUBLIC_KEY) as the 32 raw bytes in base64; `feed:build` signs
 * with the PKCS #8 private key given to it (`npm run feed:keygen` makes a pair).
 */

const ED25519 = { name: 'Ed25519' } as const;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Base64 to bytes; undefined for text that is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Whether `signature` (base64) is the key's signature of `bytes`. Never throws: a bad key or signature is false. */
export async function verifySignature(bytes: Uint8Array, signature: string, publicKey: string): Promise<boolean> {
  const raw = fromBase64(publicKey);
  const sig = fromBase64(signature);
  if (raw?.length !== 32 || sig?.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('raw', raw as BufferSource, ED25519, false, ['verify']);
    return await crypto.subtle.verify(ED25519, key, sig as BufferSource, bytes as BufferSource);
  } catch {
    return false;
  }
}

/** Signs bytes with a PKCS #8 private key (base64); the signature in base64. */
export async function signBytes(bytes: Uint8Array, privateKey: string): Promise<string> {
  const pkcs8 = fromBase64(privateKey.trim());
  if (!pkcs8) throw new Error('the private key is not base64');
  const key = await crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, ED25519, false, ['sign']);
  return toBase64(new Uint8Array(await crypto.subtle.sign(ED25519, key, bytes as BufferSource)));
}

/** A new key pair: the private key (PKCS #8) and the public key (raw), both base64. */
export async function generateKeyPair(): Promise<{ privateKey: string; publicKey: string }> {
  const pair = (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
  return {
    privateKey: toBase64(new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey))),
    publicKey: toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))),
  };
}

/** The hex SHA-256 of bytes: a page's name and the index's check that the page is the one it lists. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
