// Posts the comment form without a page reload. The form works fully without this script:
// on any failure to reach the server it falls back to a normal submission.
(() => {
  const form = document.querySelector('form[data-comment-form]');
  if (!form || !window.fetch || !window.URLSearchParams) return;

  const FIELD_IDS = { author: 'comment-author', email: 'comment-email', url: 'comment-url', comment: 'comment-text', parent: 'comment-text' };
  const section = form.closest('.comment-respond');

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children || []) node.append(child);
    return node;
  }

  function clearErrors() {
    section.querySelectorAll('.error-summary, .comment-posted').forEach((n) => n.remove());
    form.querySelectorAll('.field-error').forEach((n) => n.remove());
    form.querySelectorAll('[aria-invalid]').forEach((input) => {
      input.removeAttribute('aria-invalid');
      const rest = (input.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.endsWith('-error'));
      if (rest.length) input.setAttribute('aria-describedby', rest.join(' '));
      else input.removeAttribute('aria-describedby');
      input.closest('.field')?.classList.remove('has-error');
    });
  }

  function showErrors(message, fields) {
    const list = el('ul');
    for (const [field, text] of Object.entries(fields || {})) {
      const id = FIELD_IDS[field];
      const input = id && document.getElementById(id);
      if (!input) continue;
      list.append(el('li', {}, [el('a', { href: `#${id}` }, [text])]));
      if (!document.getElementById(`${id}-error`)) {
        input.closest('.field')?.classList.add('has-error');
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', [`${id}-error`, input.getAttribute('aria-describedby')].filter(Boolean).join(' '));
        input.insertAdjacentElement('afterend', el('p', { class: 'field-error', id: `${id}-error` }, [text]));
      }
    }
    const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'comment-errors-title' }, [
      el('h3', { id: 'comment-errors-title' }, ['Your comment was not posted']),
      el('p', {}, [message || 'Please try again.']),
    ]);
    if (list.children.length) summary.append(list);
    form.before(summary);
    summary.focus();
  }

  function commentNode(c) {
    const author = c.url
      ? el('a', { href: c.url, rel: 'nofollow ugc noopener' }, [c.author])
      : document.createTextNode(c.author);
    const content = el('div', { class: 'comment-content' });
    content.innerHTML = c.bodyHtml; // sanitized by the server
    const body = el('article', { class: 'comment-body', 'aria-label': `Comment by ${c.author}` }, [
      el('header', { class: 'comment-meta' }, [
        el('span', { class: `avatar avatar-${c.avatar.colour}`, 'aria-hidden': 'true' }, [c.avatar.initials]),
        el('span', { class: 'comment-author' }, [author]),
        el('a', { class: 'comment-permalink', href: `#comment-${c.id}` }, [el('time', { datetime: c.createdAt }, [c.dateText])]),
      ]),
    ]);
    if (c.awaitingModeration) body.append(el('p', { class: 'notice comment-awaiting' }, ['Your comment is awaiting moderation.']));
    body.append(content);
    return el('li', { class: 'comment', id: `comment-${c.id}`, tabindex: '-1' }, [body]);
  }

  function insert(comment) {
    const parent = comment.parent && document.getElementById(`comment-${comment.parent}`);
    let list = parent ? parent.querySelector(':scope > .comment-children') : document.querySelector('#comments .comment-list');
    if (!list) {
      list = el('ol', { class: parent ? 'comment-children' : 'comment-list' });
      if (parent) parent.append(list);
      else document.querySelector('#comments .comments-feed').before(list);
    }
    const node = commentNode(comment);
    list.append(node);
    return node;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    clearErrors();
    let res;
    let data = {};
    try {
      res = await fetch(form.action, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      });
      data = await res.json().catch(() => ({}));
    } catch {
      button.disabled = false;
      form.submit();
      return;
    }
    button.disabled = false;
    if (res.status !== 201) {
      showErrors(data.error, data.fields);
      return;
    }
    const node = insert(data);
    form.querySelector('#comment-text').value = '';
    form.querySelector('input[name="parent"]').value = '';
    section.querySelector('.replying-to')?.remove();
    const done = el('p', { class: 'notice comment-posted', role: 'status' }, [
      data.awaitingModeration ? 'Thank you. Your comment is awaiting moderation.' : 'Thank you. Your comment has been posted.',
    ]);
    form.before(done);
    history.replaceState(null, '', `#comment-${data.id}`);
    node.focus();
  });
})();
