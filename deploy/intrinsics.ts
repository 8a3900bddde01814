/** CloudFormation intrinsic functions, as the template's JSON writes them. */
export const sub = (text: string) => ({ 'Fn::Sub': text });
export const getAtt = (logicalId: string, attr: string) => ({ 'Fn::GetAtt': [logicalId, attr] });
