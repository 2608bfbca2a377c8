import { element, textElement, xmlDocument, type XmlElement } from './xml.js';

/** What an RSS 2.0 channel says about itself, before its items. */
export interface RssChannel {
  readonly title: string;
  readonly link: string;
  readonly description: string;
  readonly lastBuildDate: Date;
  readonly language: string;
  readonly copyright: string;
  /** Absolute URL of the feed itself. */
  readonly self: string;
}

const NAMESPACES = {
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
};

/** An RSS 2.0 document: the channel's own elements, then the items in the order given. */
export function rssDocument(channel: RssChannel, items: readonly XmlElement[]): string {
  return xmlDocument(element('rss', { version: '2.0', ...NAMESPACES }, [
    element('channel', {}, [
      textElement('title', channel.title),
      textElement('link', channel.link),
      textElement('description', channel.description),
      textElement('lastBuildDate', channel.lastBuildDate.toUTCString()),
      textElement('docs', 'https://validator.w3.org/feed/docs/rss2.html'),
      textElement('language', channel.language),
      textElement('copyright', channel.copyright),
      element('atom:link', { href: channel.self, rel: 'self', type: 'application/rss+xml' }, []),
      ...items,
    ]),
  ]));
}
