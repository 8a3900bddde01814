/**
 * `connect-rules export`: rules in any shape (engine/rulefiles) written as a
 * CloudFormation template, one `AWS::Connect::Rule` per rule (`--format
 * cloudformation`, JSON or `--yaml`), or the other way, as rule files in a folder
 * (`--format json|text --out DIR`, as `pull` writes them): a template imported.
 * Every rule is checked first; a rule the resource cannot express (an action type
 * CloudFormation lacks) is refused by name. Exit 2 on any problem, nothing written.
 */
import type { Command } from 'commander';
import { runCommand, UsageError, writeOutputFile, writingTo } from '../io.ts';

interface ExportOptions {
  rules: string;
  format: string;
  instanceArn?: string;
  yaml?: boolean;
  out?: string;
}

/** AWS::Connect::Rule InstanceArn (the resource's schema). */
const INSTANCE_ARN = /^arn:aws[-a-z0-9]*:connect:[-a-z0-9]*:[0-9]{12}:instance\/[-a-zA-Z0-9]*$/;

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write rules as a CloudFormation template (AWS::Connect::Rule), or a template\'s rules as files (json, text)')
    .requiredOption('--rules <path>', 'the rules: a folder or file of CreateRule bodies, DescribeRule responses, or a CloudFormation template')
    .requiredOption('--format <format>', 'cloudformation: a template; json or text: one file per rule in --out, as pull writes them')
    .option('--instance-arn <arn>', 'the instance of the rules (cloudformation), arn:aws:connect:<region>:<account>:instance/<id>')
    .option('--yaml', 'the template in YAML (default JSON)')
    .option('--out <path>', 'the file to write the template to (default: standard output); the folder for json and text')
    .action((options: ExportOptions) => runCommand(() => exportRules(options)));
}

async function exportRules(options: ExportOptions): Promise<number> {
  const format = options.format;
  if (format !== 'cloudformation' && format !== 'json' && format !== 'text') throw new UsageError(`--format must be cloudformation, json or text, not "${format}"`);
  if (format === 'cloudformation' && (!options.instanceArn || !INSTANCE_ARN.test(options.instanceArn))) {
    throw new UsageError(`--instance-arn is required for cloudformation: arn:aws:connect:<region>:<account>:instance/<id>${options.instanceArn ? `, not "${options.instanceArn}"` : ''}`);
  }
  if (format !== 'cloudformation' && !options.out) throw new UsageError(`--out <dir> is required for --format ${format}`);
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
