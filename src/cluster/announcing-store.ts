import type { CommentStore } from '../comments/store.js';

/**
 * The store as a cluster worker uses it: a write resolves only once every other worker has read it,
 * so the page a visitor is sent to after posting shows their comment whichever worker answers.
 */
export function announcingStore(store: CommentStore, announce: () => Promise<void>): CommentStore {
  const then = async <T>(write: Promise<T>): Promise<T> => {
    const result = await write;
    await announce();
    return result;
  };
  return {
    list: () => store.list(),
    byArticle: (article) => store.byArticle(article),
    get: (id) => store.get(id),
    byEmail: (email) => store.byEmail(email),
    byAuthorName: (name) => store.byAuthorName(name),
    isTrustedCommenter: (key) => store.isTrustedCommenter(key),
    add: (comment) => then(store.add(comment)),
    setStatus: (ids, status, reason) => then(store.setStatus(ids, status, reason)),
    remove: (ids) => then(store.remove(ids)),
    eraseByEmail: (email) => then(store.eraseByEmail(email)),
    close: () => store.close(),
  };
}
