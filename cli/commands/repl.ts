/**
 * `connect-rules repl`: type rule functions (JSON or the readable text form) and
 * see at once whether they match a loaded event, and why. Interactive on a
 * terminal; with piped input it evaluates every function and exits (2 if any
 * was invalid), so it can be scripted.
 */
import type { Command } from 'commander';
import { isatty } from 'node:tty';
import { InputRefusal, readStandardInput } from '../../engine/rulefiles/read-input.ts';
import { readJson, runCommand } from '../io.ts';
import { parseSourceOption } from '../source-option.ts';

interface ReplOptions {
  event?: string;
  contact?: string;
  instanceId?: string;
  source?: string;
}

export function registerRepl(program: Command): void {
  program
    .command('repl')
    .description('try rule functions against an event interactively (or evaluate piped input)')
    .option('--event <file>', 'any event eval reads: an analysis file, real-time segments, a canonical trigger event, a Cases, Zendesk or Salesforce EventBridge event, an evaluation export or a metric snapshot')
    .option('--instance-id <id>', 'the instance of an event that names none (Cases events, tickets)')
    .option('--contact <file>', 'the contact trace record or DescribeContact response of the contact')
    .option('--source <EventSourceName>', 'the event source functions are checked for (default: the event\'s)')
    .action((options: ReplOptions) =>
      runCommand(async () => {
        const [{ styleFor }, { ReplSession }, { runInteractive, runPiped }] = await Promise.all([
          import('../repl/colour.ts'),
          import('../repl/session.ts'),
          import('../repl/terminal.ts'),
        ]);
        // isatty, not process.stdin.isTTY: whether to read a terminal line by line, asked before the stream is made.
        const interactive = isatty(0);
        const session = new ReplSession(styleFor(process.stdout));
        session.source = parseSourceOption(options.source);
        session.contactFile = options.contact;
        session.instanceId = options.instanceId;
        session.eventFile = options.event;
        try {
          // A key written twice in --event or --contact: said as eval says it, on standard error.
          const warnings = session.rebuildEvent();
          for (const warning of [...warnings.event, ...warnings.contact]) process.stderr.write(`warning: ${warning}\n`);
        } catch (err) {
          // A contact record given as the event, or an event as the contact record: said, with where each goes, as eval says it.
          const { misplacedInput } = await import('./eval-hints.ts');
          const { event, contact } = options;
          const given = { eventFile: event, eventJson: () => readJson(event!), contactFile: contact, contactJson: () => readJson(contact!) };
          throw misplacedInput(err, given, { contact: '--contact', event: '--event' }) ?? err;
        }
        if (!interactive) {
          let text: string;
          try {
            // Bounded in bytes, as `fmt -` and `rules -` read it: an endless pipe (`< /dev/zero`) is refused at the limit.
            text = await readStandardInput();
          } catch (err) {
            if (!(err instanceof InputRefusal)) throw err;
            process.stdout.write(`error standard input: ${err.reason}; nothing of it was run\n`);
            return 2;
          }
          return runPiped(session, text, (out) => process.stdout.write(out));
        }
        const loaded = session.event ? `, event ${options.event} (${session.event.EventSourceName})` : '';
        const banner = `connect-rules repl${loaded}. ${session.style.dim('.help for help, Ctrl+D to leave')}\n`;
        return runInteractive(session, process.stdin, process.stdout, banner);
      }),
    );
}
