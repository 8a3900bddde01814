/**
 * The lexers and parsers are built for use with Chevrotain's checks of the grammar
 * skipped (they cost a third of the construction, which every CLI start and cold
 * Lambda pays): here they run, so a grammar change that breaks them fails a test.
 */
import { describe, expect, it } from 'vitest';
import { checkJsonGrammar } from './json/parser.ts';
import { checkTextGrammar } from './text/grammar.ts';

describe("Chevrotain's checks of the grammars", () => {
  it('find no problem in the JSON lexer and parser', () => {
    expect(() => checkJsonGrammar()).not.toThrow();
  });

  it('find no problem in the text form lexer and parser', () => {
    expect(() => checkTextGrammar()).not.toThrow();
  });
});
