/** A part of a rule's reference text, linked when it names an RFC section or a CVE. */
export interface ReferencePart {
  text: string;
  href?: string;
}

/** Splits "RFC 8725 §3.1; CVE-2015-9235" into linked parts (rfc-editor.org, cve.org). */
export function referenceParts(reference: string): ReferencePart[] {
  return reference
    .split(/;\s*/)
    .filter(Boolean)
    .map((text) => {
      const rfc = /^RFC\s*(\d+)(?:\s*§\s*([\d.]+))?/i.exec(text);
      if (rfc)
        return {
          text,
          href: `https://www.rfc-editor.org/rfc/rfc${rfc[1]}${rfc[2] ? `#section-${rfc[2].replace(/\.$/, '')}` : ''}`,
        };
      const cve = /CVE-\d{4}-\d{4,}/i.exec(text);
      if (cve) return { text, href: `https://www.cve.org/CVERecord?id=${cve[0].toUpperCase()}` };
      return { text };
    });
}
