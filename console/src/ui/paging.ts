import { useState } from 'react';
import { get } from '../api/client';
import { useLoad } from './hooks';

export type Checkpoints = ReturnType<typeof useCheckpoints>;

/** The state behind CheckpointPager: the checkpoint of the page shown, and those before it. */
export function useCheckpoints() {
  const [trail, setTrail] = useState<string[]>([]);
  const [from, setFrom] = useState<string | undefined>();
  return {
    from,
    trail,
    first: () => {
      setTrail([]);
      setFrom(undefined);
    },
    previous: () => {
      setFrom(trail.length > 1 ? trail[trail.length - 2] : undefined);
      setTrail(trail.slice(0, -1));
    },
    next: (checkpoint: string) => {
      setTrail([...trail, checkpoint]);
      setFrom(checkpoint);
    },
  };
}

export const PAGE_SIZE = 50;

/**
 * One page of a checkpoint-paged list (`from` + `take`; the answer carries `next`), reloaded when the
 * page or `query` changes. Call `pages.first()` when the query changes.
 */
export function useCheckpointList<P extends { next?: string }>(path: string, query: Record<string, string | undefined> = {}) {
  const pages = useCheckpoints();
  const list = useLoad(`${path} ${JSON.stringify(query)} ${pages.from ?? ''}`, () =>
    get<P>(path, { ...query, from: pages.from, take: PAGE_SIZE }),
  );
  return { list, pages };
}
