/**
 * Rules written as files, one per rule: `DIR/<Name>.json` holding a CreateRule body
 * (Name, TriggerEventSource, Function, Actions, PublishStatus; Tags and
 * PreEvaluationFilters when present). In the text form, the body leaves out
 * `Function` and `DIR/<Name>.txt` holds it readably; engine/rulefiles reads the pair
 * back as one rule.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../grammar/errors.ts';
import { isEventSourceName } from '../../grammar/catalogue/index.ts';
import { parseFunction } from '../../grammar/parse.ts';
import { printText } from '../../grammar/text/index.ts';
import { BODY_FIELDS } from './connect.ts';

export type RuleFileFormat = 'json' | 'text';

/** The body's fields in the order of the API's documentation, so files diff well. */
function ordered(body: Readonly<Record<string, unknown>>, withFunction: boolean): Record<string, unknown> {
  return Object.fromEntries(BODY_FIELDS.filter((k) => body[k] !== undefined && (withFunction || k !== 'Function')).map((k) => [k, body[k]]));
}

/** Writes the files of the rules; returns the paths written. */
export function writeRuleFiles(dir: string, bodies: readonly Readonly<Record<string, unknown>>[], format: RuleFileFormat): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const body of bodies) {
    const name = String(body.Name);
    // Names are [0-9a-zA-Z._-]+: safe as file names, except these two.
    if (name === '.' || name === '..') throw new UserError(`rule ${JSON.stringify(name)}: cannot be written as a file name`);
    const source = (body.TriggerEventSource as { EventSourceName?: string } | undefined)?.EventSourceName;
    const document = format === 'text' && typeof body.Function === 'string' ? parseFunction(body.Function).document : undefined;
    const file = join(dir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(ordered(body, !document), null, 2)}\n`);
    written.push(file);
    if (document) {
      const txt = join(dir, `${name}.txt`);
      writeFileSync(txt, printText(document, { source: source && isEventSourceName(source) ? source : undefined }));
      written.push(txt);
    }
  }
  return written;
}
