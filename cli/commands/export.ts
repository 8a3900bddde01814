/**
 * `connect-rules export`: rules in any shape (engine/rulefiles) written as a
 * CloudFormation template, one `AWS::Connect::Rule` per rule (`--format
 * cloudformation`, JSON or `--yaml`), or the other way, as rule files in a folder
 * (`--format json|text --out DIR`, as `pull` writes them): a template imported.
 * Every rule is checked first; a rule the resource cannot express (an action type
 * CloudFormation lacks) is refused by name. Exit 2 on any problem, nothing written.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { runCommand, writeOutputFile, writingTo } from '../io.ts';

const FORMATS = ['cloudformation', 'json', 'text'] as const;

interface ExportOptions {
  rules: string;
  format: (typeof FORMATS)[number];
  instanceArn?: string;
  yaml?: boolean;
  out?: string;
}

/** AWS::Connect::Rule InstanceArn (the resource's schema). */
const INSTANCE_ARN = /^arn:aws[-a-z0-9]*:connect:[-a-z0-9]*:[0-9]{12}:instance\/[-a-zA-Z0-9]*$/;
const INSTANCE_ARN_FORM = 'arn:aws:connect:<region>:<account>:instance/<id>';

function parseInstanceArn(value: string): string {
  if (!INSTANCE_ARN.test(value)) throw new InvalidArgumentError(`expected ${INSTANCE_ARN_FORM}`);
  return value;
}

/** What each format needs beside it: missing, a command-line mistake (exit 1 with the usage), as a required option. */
function missingFor(options: ExportOptions): string | undefined {
  if (options.format === 'cloudformation') return options.instanceArn === undefined ? `--instance-arn ${INSTANCE_ARN_FORM}` : undefined;
  return options.out === undefined ? '--out <dir>' : undefined;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write rules as a CloudFormation template (AWS::Connect::Rule), or a template\'s rules as files (json, text)')
    .requiredOption('--rules <path>', 'the rules: a folder or file of CreateRule bodies, DescribeRule responses, or a CloudFormation template')
    .addOption(new Option('--format <format>', 'cloudformation: a template; json or text: one file per rule in --out, as pull writes them').choices(FORMATS).makeOptionMandatory())
    .option('--instance-arn <arn>', `the instance of the rules (cloudformation), ${INSTANCE_ARN_FORM}`, parseInstanceArn)
    .option('--yaml', 'the template in YAML (default JSON)')
    .option('--out <path>', 'the file to write the template to (default: standard output); the folder for json and text')
    .action((options: ExportOptions, command: Command) => {
      const missing = missingFor(options);
      if (missing) command.error(`error: --format ${options.format} needs ${missing}`);
      return runCommand(() => exportRules(options));
    });
}

async function exportRules(options: ExportOptions): Promise<number> {
  const format = options.format;
  const [{ loadRules }, { createRuleBody }, { checkRuleSet, whereIs }, { toTemplate, ruleResources, CfnMappingError }, { printCfnYaml }, { writeRuleFiles }] = await Promise.all([
    import('../../engine/rulefiles/load.ts'),
    import('../../engine/rulefiles/body.ts'),
    import('../../engine/rulefiles/check.ts'),
    import('../../engine/rulefiles/cloudformation.ts'),
    import('../../engine/rulefiles/cfn-yaml.ts'),
    import('../../engine/sync/files.ts'),
  ]);
  const { rules, warnings } = loadRules(options.rules);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  const checked = checkRuleSet(rules);
  if (checked.problems.length) {
    process.stderr.write(`${checked.problems.join('\n')}\n`);
    return 2;
  }
  const bodies = checked.rules.map(({ rule }) => ({ body: createRuleBody(rule), where: whereIs(rule) }));
  /** What was written where, one line per file or resource, as a pull says it. */
  const wrote = (into: string, items: readonly string[]) =>
    process.stdout.write(`wrote ${bodies.length} rule${bodies.length === 1 ? '' : 's'} into ${into}\n${items.map((item) => `  ${item}\n`).join('')}`);
  if (format !== 'cloudformation') {
    wrote(options.out!, writingTo(options.out!, '--out', () => writeRuleFiles(options.out!, bodies.map((b) => b.body), format)));
    return 0;
  }
  let template;
  try {
    template = toTemplate(bodies, options.instanceArn!);
  } catch (err) {
    if (!(err instanceof CfnMappingError)) throw err;
    process.stderr.write(`${err.message}\nexport: nothing written\n`);
    return 2;
  }
  const text = options.yaml ? printCfnYaml(template) : `${JSON.stringify(template, null, 2)}\n`;
  if (!options.out) {
    process.stdout.write(text);
    return 0;
  }
  writeOutputFile(options.out, '--out', text);
  // Silent success left a user unsure anything was written (the --format json|text way says it).
  wrote(options.out, ruleResources(template).map(([id, resource]) => `${id} (${String((resource.Properties as { Name?: unknown }).Name)})`));
  return 0;
}
