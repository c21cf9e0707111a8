/** The reader's follows and what is new for them, read from local storage and kept current as they change. */
import { useEffect, useState } from 'preact/hooks';
import { type Arrival, arrivalsItem, type Follow, followsSetting, unseenArrivals } from '../lib/settings/follows';

export interface FollowState {
  follows: Follow[];
  /** New items for followed entities, newest first. */
  unseen: Arrival[];
  loaded: boolean;
}

export function useFollows(): FollowState {
  const [follows, setFollows] = useState<Follow[]>([]);
  const [arrivals, setArrivals] = useState<Arrival[]>([]);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    void Promise.all([followsSetting.getValue(), arrivalsItem.getValue()]).then(([f, a]) => {
      setFollows(f);
      setArrivals(a);
      setLoaded(true);
    });
    const stops = [followsSetting.watch((f) => setFollows(f ?? [])), arrivalsItem.watch((a) => setArrivals(a ?? []))];
    return () => {
      for (const stop of stops) stop();
    };
  }, []);
  return { follows, unseen: unseenArrivals(arrivals, follows), loaded };
}
