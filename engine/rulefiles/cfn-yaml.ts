/**
 * CloudFormation templates in YAML: the `yaml` library with the short-form
 * intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`, ...) read as their long form
 * (`{"Ref": ...}`, `{"Fn::Sub": ...}`), as CloudFormation itself reads them, and
 * printing without anchors or line folding, so a printed template reads back equal.
 */
import { stringify, type ScalarTag, type CollectionTag, type YAMLMap, type YAMLSeq } from 'yaml';
import { UserError } from '../../grammar/errors.ts';
import { yamlValue } from './yaml-problem.ts';

/** Short form → long form. `!Ref` and `!Condition` are not `Fn::` names. */
const INTRINSICS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  ImportValue: 'Fn::ImportValue',
  GetAZs: 'Fn::GetAZs',
  Transform: 'Fn::Transform',
  ToJsonString: 'Fn::ToJsonString',
  Length: 'Fn::Length',
};

function tagsFor(short: string, long: string): (ScalarTag | CollectionTag)[] {
  const tag = `!${short}`;
  return [
    {
      tag,
      // `!GetAtt Resource.Attribute` is the list [Resource, Attribute] in long form.
      resolve: (value: string) => ({ [long]: short === 'GetAtt' ? value.split(/\.(.*)/s, 2) : value }),
      identify: () => false,
    } satisfies ScalarTag,
    { tag, collection: 'seq', resolve: (seq) => ({ [long]: (seq as YAMLSeq).toJSON() }), identify: () => false } as CollectionTag,
    { tag, collection: 'map', resolve: (map) => ({ [long]: (map as YAMLMap).toJSON() }), identify: () => false } as CollectionTag,
  ];
}

const CFN_TAGS = Object.entries(INTRINSICS).flatMap(([short, long]) => tagsFor(short, long));

export class YamlSyntaxError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'YamlSyntaxError';
  }
}

/** Parses a YAML CloudFormation template; the first error, located, otherwise. */
export function parseCfnYaml(text: string, label: string): unknown {
  return yamlValue(text, { customTags: CFN_TAGS, uniqueKeys: true, prettyErrors: true, logLevel: 'error' }, label, (message) => new YamlSyntaxError(message));
}

/** A template as YAML: long-form intrinsics, no aliases, no folded lines. */
export function printCfnYaml(value: unknown): string {
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0, minContentWidth: 0 });
}
