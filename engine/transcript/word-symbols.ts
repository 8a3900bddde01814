/**
 * Symbols of the trie, per UTF-16 code unit: a letter (either case) or a digit is
 * 0 … 35; `'` and `-` (joiners: part of a word between two word characters) 36 and
 * 37; `.` and `,` (part of a number between two digits) 38 and 39; anything else
 * ends a word. A table over all code units spares a range test per character.
 * The one source of the classes: word-scan.ts's trie and the WebAssembly reader's
 * table columns (word-scan-wasm.ts `CLASSES`, from `ASCII_CLASSES`) both read them here.
 */
export const WIDTH = 40;
export const FIRST_JOINER = 36;
export const FIRST_DECIMAL = 38;
/** Ends a word. */
export const OTHER = 40;
/** `[`: may open a redaction mask. */
export const BRACKET = 41;
/** Any character beyond ASCII: only tokenize.ts knows its words. */
export const NON_ASCII = 42;
export const SYMBOL = new Uint8Array(65536).fill(NON_ASCII);
SYMBOL.fill(OTHER, 0, 128);
for (let c = 0; c < 26; c++) SYMBOL[97 + c] = SYMBOL[65 + c] = c;
for (let c = 0; c < 10; c++) SYMBOL[48 + c] = 26 + c;
SYMBOL[0x27] = FIRST_JOINER;
SYMBOL[0x2d] = FIRST_JOINER + 1;
SYMBOL[0x2e] = FIRST_DECIMAL;
SYMBOL[0x2c] = FIRST_DECIMAL + 1;
SYMBOL[0x5b] = BRACKET;

/** How many symbols an ASCII code may have (0 … ASCII_CLASSES − 1): the columns of a table over ASCII text (NON_ASCII never reaches one). */
export const ASCII_CLASSES = SYMBOL.subarray(0, 128).reduce((most, symbol) => Math.max(most, symbol + 1), 0);
