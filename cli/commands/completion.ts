/**
 * `connect-rules completion bash|zsh`: a shell completion script made from the
 * program's own commands and options, so it cannot drift from what commander parses.
 * `source <(connect-rules completion bash)` completes command names, then each
 * command's flags (and a group's subcommands); other words fall back to file names.
 */
import { Argument, type Command } from 'commander';
import { UsageError, runCommand } from '../io.ts';

/** What may follow each command: its subcommands' names, its arguments' choices and its flags. */
export function completionTable(program: Command): { top: string[]; byCommand: Map<string, string[]> } {
  const flags = (cmd: Command) => [...cmd.options.flatMap((o) => [o.short, o.long]).filter((f): f is string => Boolean(f)), '--help'];
  const byCommand = new Map<string, string[]>();
  for (const cmd of program.commands) {
    const choices = cmd.registeredArguments.flatMap((a) => a.argChoices ?? []);
    byCommand.set(cmd.name(), [...cmd.commands.map((c) => c.name()), ...choices, ...flags(cmd)]);
    // A group's subcommand completes its own flags, keyed "group sub".
    for (const sub of cmd.commands) byCommand.set(`${cmd.name()} ${sub.name()}`, flags(sub));
  }
  return { top: [...program.commands.map((c) => c.name()), ...flags(program)], byCommand };
}

const bashScript = (name: string, fn: string, { top, byCommand }: ReturnType<typeof completionTable>) => `# ${name} bash completion: source <(${name} completion bash)
${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words=""
  if [[ $COMP_CWORD -eq 1 ]]; then
    words="${top.join(' ')}"
  else
    local key="\${COMP_WORDS[1]}"
    [[ $COMP_CWORD -gt 2 && \${COMP_WORDS[2]} != -* ]] && key="$key \${COMP_WORDS[2]}"
    case "$key" in
${[...byCommand].map(([k, w]) => `      '${k}') words="${w.join(' ')}" ;;`).join('\n')}
    esac
    # A group's subcommand not matched above: complete the group's own words.
    [[ -z $words ]] && case "\${COMP_WORDS[1]}" in
${[...byCommand].filter(([k]) => !k.includes(' ')).map(([k, w]) => `      '${k}') words="${w.join(' ')}" ;;`).join('\n')}
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F ${fn} ${name}
`;

const zshScript = (name: string, fn: string, { top, byCommand }: ReturnType<typeof completionTable>) => `#compdef ${name}
# ${name} zsh completion: source <(${name} completion zsh) after compinit
${fn}() {
  if (( CURRENT == 2 )); then
    compadd -- ${top.join(' ')}
    return
  fi
  local key="$words[2]"
  (( CURRENT > 3 )) && [[ $words[3] != -* ]] && key="$key $words[3]"
  case "$key" in
${[...byCommand].map(([k, w]) => `    '${k}') compadd -- ${w.join(' ')} ;;`).join('\n')}
    *) case "$words[2]" in
${[...byCommand].filter(([k]) => !k.includes(' ')).map(([k, w]) => `      '${k}') compadd -- ${w.join(' ')} ;;`).join('\n')}
      esac ;;
  esac
  _files
}
compdef ${fn} ${name}
`;

const SCRIPTS = { bash: bashScript, zsh: zshScript } as const;

export function completionScript(program: Command, shell: string): string {
  const make = SCRIPTS[shell as keyof typeof SCRIPTS];
  if (!make) throw new UsageError(`no completion for shell "${shell}"; one of: ${Object.keys(SCRIPTS).join(', ')}`);
  const name = program.name();
  return make(name, `_${name.replace(/[^A-Za-z0-9_]/g, '_')}`, completionTable(program));
}

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(connect-rules completion bash)')
    .addArgument(new Argument('<shell>', 'the shell').choices(Object.keys(SCRIPTS)))
    .action((shell: string) =>
      runCommand(async () => {
        process.stdout.write(completionScript(program, shell));
        return 0;
      }),
    );
}
