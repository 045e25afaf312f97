// Wakes this process's webhook sender when deliveries are queued or made due here, so they go at
// once; other instances find them at their next poll.
const listeners = new WeakMap<object, Set<() => void>>();

export function onDeliveriesDue(db: object, listener: () => void): () => void {
  const set = listeners.get(db) ?? new Set();
  listeners.set(db, set);
  set.add(listener);
  return () => set.delete(listener);
}

export function wakeSender(db: object): void {
  for (const listener of listeners.get(db) ?? []) listener();
}
