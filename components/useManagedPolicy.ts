/** The organisation's policy as the extension's pages show it, followed as the browser changes it. */
import { useEffect, useState } from 'preact/hooks';
import { type ManagedPolicy, readManagedPolicyWithIssues, watchManagedPolicy } from '../lib/settings/managed';

/** The policy and what of it was left out; null until read. */
export function useManagedPolicy(): { policy: ManagedPolicy; issues: string[] } | null {
  const [read, setRead] = useState<{ policy: ManagedPolicy; issues: string[] } | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => void readManagedPolicyWithIssues().then((next) => live && setRead(next));
    load();
    watchManagedPolicy(load);
    return () => {
      live = false;
    };
  }, []);
  return read;
}
