/**
 * Whether a file a user gave is text at all. A binary file (an image, a zip, a
 * compiled program given by mistake) would otherwise get one syntax error per
 * control byte, each printing the byte itself to the terminal.
 */

/** NUL, the other C0 controls but tab, new line, form feed and carriage return, DEL, and U+FFFD (bytes that are not UTF-8). */
const NOT_TEXT = /[\u0000-\u0008\u000B\u000E-\u001F\u007F\uFFFD]/;

/** The first place a text is not text, as `line N, column M`, or undefined when it is text. */
export function binaryAt(text: string): string | undefined {
  const found = NOT_TEXT.exec(text);
  if (!found) return undefined;
  const before = text.slice(0, found.index);
  const line = before.split('\n').length;
  const column = found.index - before.lastIndexOf('\n');
  const code = found[0].codePointAt(0)!;
  const what = code === 0xfffd ? 'bytes that are not UTF-8' : `the control byte 0x${code.toString(16).padStart(2, '0')}`;
  return `${what} at line ${line}, column ${column}`;
}
