interface ImportMetaEnv {
  /** A hash of the bundled snapshot: a new snapshot is imported once (set in wxt.config.ts). */
  readonly BACKSTORY_SNAPSHOT_ID: string;
  /** True in a bench build only: the worker then exposes benchmark hooks. */
  readonly BACKSTORY_BENCH: boolean;
}
