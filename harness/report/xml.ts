/**
 * XML 1.0 text escaping for reports built from untrusted data (names, bodies, messages from the target).
 * Escaping markup is not enough: XML 1.0 forbids most C0 control characters even as character
 * references, and one stray ESC from a target's error message would make CI reject the whole file.
 * Those characters are therefore written as visible `\uXXXX` text instead of being dropped silently.
 */

// C0 controls other than TAB, LF, CR; U+FFFE/U+FFFF; and UTF-16 surrogates that are not part of a pair.
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Escapes element content. */
export function xmlText(text: string): string {
  return text.replace(ILLEGAL, visible).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes an attribute value for double quotes. Tabs and line breaks become character references,
 * as attribute normalisation would otherwise turn them into spaces.
 */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** `name="value"` pairs for a start tag; undefined values are left out. */
export function xmlAttrs(attrs: Record<string, string | number | undefined>): string {
  return Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}
