/**
 * Whether a file a user gave is text at all. A binary file (an image, a zip, a
 * compiled program given by mistake) would otherwise get one syntax error per
 * control byte, each printing the byte itself to the terminal.
 */

/**
 * NUL, the other C0 controls but tab, new line, form feed and carriage return, and DEL.
 * Bytes that are not UTF-8 are refused where they are read (engine/rulefiles/read-input.ts,
 * at their byte offset); a U+FFFD written as UTF-8 is a character like any other.
 */
const NOT_TEXT = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

/** The first place a text is not text, as `line N, column M`, or undefined when it is text. */
export function binaryAt(text: string): string | undefined {
  const found = NOT_TEXT.exec(text);
  if (!found) return undefined;
  const before = text.slice(0, found.index);
  const line = before.split('\n').length;
  const column = found.index - before.lastIndexOf('\n');
  const code = found[0].codePointAt(0)!;
  return `the control byte 0x${code.toString(16).padStart(2, '0')} at line ${line}, column ${column}`;
}
