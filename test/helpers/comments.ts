import type request from 'supertest';

export interface CommentFields {
  author?: string;
  email?: string;
  url?: string;
  comment?: string;
  parent?: string;
  remember?: string;
  [extra: string]: string | undefined;
}

export const validComment = (overrides: CommentFields = {}): CommentFields => ({
  author: 'Ann Reader',
  email: 'ann@example.com',
  url: '',
  comment: 'A thoughtful comment about the reading garden.',
  ...overrides,
});

/** Posts the comment form as a browser would (urlencoded), from an agent so cookies are kept. */
export function postComment(agent: request.Agent, slug: string, fields: CommentFields, json = false) {
  const req = agent
    .post(`/articles/${slug}/comments`)
    .type('form')
    .send(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, string>);
  return json ? req.set('Accept', 'application/json') : req;
}

/** The comment id from a 303 Location header. */
export const idFromLocation = (location: string | undefined) => /#comment-([a-z0-9]+)$/.exec(location ?? '')?.[1];
