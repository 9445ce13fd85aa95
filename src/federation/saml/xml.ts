import { DOMParser } from '@xmldom/xmldom';

/** SAML 2.0 namespaces (saml-core §1.2). */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

const DOCUMENT_TYPE_NODE = 10;

/**
 * Parses XML strictly: any parser error or warning fails, and a DTD is refused outright
 * (no entity expansion, no external references — saml-sec-consider §6.3.1).
 */
export function parseStrictXml(xml: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Error('XML with a DTD is refused');
  const fail = (msg: string) => {
    throw new Error(`XML parse error: ${msg}`);
  };
  const doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(
    xml,
    'text/xml',
  ) as unknown as Document;
  if (!doc?.documentElement) throw new Error('XML has no root element');
  for (let node = doc.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === DOCUMENT_TYPE_NODE) throw new Error('XML with a DTD is refused');
  }
  return doc;
}

/** Descendant elements of `root` (itself included) with this namespace and local name, in document order. */
export function elementsNamed(root: Document | Element, ns: string | null, localName: string): Element[] {
  const found = Array.from(root.getElementsByTagNameNS(ns ?? '*', localName) as unknown as ArrayLike<Element>);
  const self = 'localName' in root && root.localName === localName && (ns === null || root.namespaceURI === ns);
  return self ? [root as Element, ...found] : found;
}

/** Direct children of `parent` with this namespace and local name. */
export function childElements(parent: Element, ns: string, localName: string): Element[] {
  return Array.from(parent.childNodes as unknown as ArrayLike<Node>).filter(
    (n): n is Element => n.nodeType === 1 && (n as Element).localName === localName && (n as Element).namespaceURI === ns,
  );
}

/** The single direct child with this name, or undefined when there is none (throws when several). */
export function onlyChild(parent: Element, ns: string, localName: string): Element | undefined {
  const children = childElements(parent, ns, localName);
  if (children.length > 1) throw new Error(`more than one ${localName} in ${parent.localName}`);
  return children[0];
}

/** Text content with surrounding whitespace trimmed. */
export function textOf(element: Element | undefined): string | undefined {
  const text = element?.textContent?.trim();
  return text ? text : undefined;
}
