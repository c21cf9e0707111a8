interface ImportMetaEnv {
  /** A hash of the bundled snapshot: a new snapshot is imported once (set in wxt.config.ts). */
  readonly BACKSTORY_SNAPSHOT_ID: string;
  /** True in a bench build only: the worker then exposes benchmark hooks. */
  readonly BACKSTORY_BENCH: boolean;
  /** The official feed's index address, or '' when the build names none. */
  readonly BACKSTORY_FEED_URL: string;
  /** The official feed's Ed25519 public key (raw, base64), or ''. */
  readonly BACKSTORY_FEED_PUBLIC_KEY: string;
}
