/**
 * `npm run feed:keygen -- [--out FILE]`: a new Ed25519 key pair for signing the official feed. Writes the
 * private key (PKCS #8, base64) to FILE, readable by its owner only, and prints the public key to give
 * the build as BACKSTORY_FEED_PUBLIC_KEY. Keep the private key out of the repository.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateKeyPair } from '../lib/sync/signature';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'feed-signing-key.txt' } } });
const { privateKey, publicKey } = await generateKeyPair();
writeFileSync(values.out, `${privateKey}\n`, { mode: 0o600, flag: 'wx' });
console.log(`private key written to ${values.out}`);
console.log(`BACKSTORY_FEED_PUBLIC_KEY=${publicKey}`);
