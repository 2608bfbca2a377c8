import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../src/content/markdown.js';

const render = createMarkdownRenderer();
const bodyOf = (...lines: string[]) => render(lines.join('\n'), { assetBase: '/articles/tea/' }).body;
const $ = (...lines: string[]) => cheerio.load(bodyOf(...lines).parts.join(''), null, false);

describe('details and figure written as HTML', () => {
  it('renders Markdown inside <details>, under its <summary>, and keeps the text after it outside', () => {
    const doc = $(
      'Before.',
      '',
      '<details>',
      '<summary>How we <em>brewed</em> it</summary>',
      '',
      'Steep for **four** minutes, then see [the pot](pot.jpg).',
      '',
      '- one',
      '- two',
      '',
      '</details>',
      '',
      'After.',
    );
    const details = doc('details');
    expect(details.children('summary').text()).toBe('How we brewed it');
    expect(details.find('p strong').text()).toBe('four');
    expect(details.find('p a').attr('href')).toBe('/articles/tea/pot.jpg');
    expect(details.find('li').map((_, li) => doc(li).text()).get()).toEqual(['one', 'two']);
    expect(doc.root().children('p').map((_, p) => doc(p).text()).get()).toEqual(['Before.', 'After.']);
  });

  it('keeps <details open>', () => {
    expect($('<details open><summary>More</summary>Hidden text</details>')('details').is('[open]')).toBe(true);
  });

  it('renders a <figure> with an image from the article folder and a caption holding Markdown', () => {
    const doc = $(
      '<figure>',
      '<img src="images/garden.jpg" alt="The reading garden in May" width="800" height="600">',
      '<figcaption>',
      '',
      'The garden, *before* the [new benches](../benches/).',
      '',
      '</figcaption>',
      '</figure>',
    );
    const figure = doc('figure');
    expect(figure.children('img').attr('src')).toBe('/articles/tea/images/garden.jpg');
    expect(figure.children('img').attr('alt')).toBe('The reading garden in May');
    expect(figure.find('figcaption p em').text()).toBe('before');
    expect(figure.find('figcaption a').attr('href')).toBe('/articles/benches');
  });

  it('renders a figure around a Markdown image', () => {
    const doc = $('<figure>', '', '![A teapot](pot.jpg)', '', '<figcaption>Our teapot</figcaption>', '</figure>');
    expect(doc('figure img').attr('src')).toBe('/articles/tea/pot.jpg');
    expect(doc('figure > figcaption').text()).toBe('Our teapot');
  });

  it('puts "See also" slots after a details element, never inside it', () => {
    const body = bodyOf('One.', '', '<details>', '<summary>More</summary>', '', 'Inside one.', '', 'Inside two.', '', '</details>', '', 'Two.');
    expect(body.parts.length).toBe(body.slots.length + 1);
    for (const part of body.parts) {
      const doc = cheerio.load(part, null, false);
      expect(doc('details').length === 0 || doc('details p').length === 2).toBe(true);
    }
  });
});

describe('ids of headings written as HTML', () => {
  it('gives a raw HTML heading an id as a Markdown heading gets one', () => {
    const doc = $('<h2>Getting started</h2>', '', '<h3>Tea &amp; <em>biscuits</em>!</h3>');
    expect(doc('h2').attr('id')).toBe('getting-started');
    expect(doc('h3').attr('id')).toBe('tea--biscuits');
  });

  it('numbers repeated titles across Markdown and HTML headings alike, in the order they come', () => {
    const doc = $('## Getting started', '', '<h2>Getting started</h2>', '', '## Getting started', '', '<h3>\n  Getting   started\n</h3>');
    expect(doc('h2, h3').map((_, h) => h.attribs.id).get()).toEqual(['getting-started', 'getting-started-1', 'getting-started-2', 'getting-started-3']);
  });

  it('keeps an id the author wrote when it is valid and unique, and gives a new one otherwise', () => {
    const doc = $(
      '<h2 id="setup">Getting started</h2>',
      '',
      '## Setup',
      '',
      '<h2 id="setup">Again</h2>',
      '',
      '<h2 id="not valid!">Spaces</h2>',
      '',
      '<h2 id="">Empty</h2>',
    );
    expect(doc('h2').map((_, h) => h.attribs.id).get()).toEqual(['setup', 'setup-1', 'again', 'spaces', 'empty']);
  });

  it('lets a later Markdown heading yield to an id the author wrote before it', () => {
    const doc = $('<h2 id="intro">Welcome</h2>', '', '## Intro');
    expect(doc('h2').map((_, h) => h.attribs.id).get()).toEqual(['intro', 'intro-1']);
  });

  it('gives the same ids on every render', () => {
    const lines = ['<h2>Getting started</h2>', '', '## Getting started'];
    const first = $(...lines)('h2').map((_, h) => h.attribs.id).get();
    expect($(...lines)('h2').map((_, h) => h.attribs.id).get()).toEqual(first);
  });

  it('keeps only the id on a raw heading, and escapes nothing into it', () => {
    const doc = $('<h2 class="x" style="color:red" onclick="alert(1)" id="a&quot; onmouseover=&quot;alert(2)">Title</h2>');
    expect(Object.keys(doc('h2').attr() ?? {})).toEqual(['id']);
    expect(doc('h2').attr('id')).toBe('title');
  });
});
