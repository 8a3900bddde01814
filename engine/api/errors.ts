/**
 * The errors of the Connect operations this project serves (the five rules
 * operations, the evaluation-form and contact-evaluation operations), by the names
 * the AWS SDK maps to exception classes: one table of their HTTP statuses. The HTTP
 * layer sends `name` as `x-amzn-ErrorType`, `statusCode` as the status and
 * `{ "Message": message }` as body.
 */
export type ApiErrorName =
  | 'InvalidRequestException'
  | 'InvalidParameterException'
  | 'ResourceNotFoundException'
  | 'ResourceConflictException'
  | 'ServiceQuotaExceededException'
  | 'ThrottlingException'
  | 'AccessDeniedException'
  | 'InternalServiceException'
  | 'UnknownOperationException'
  | 'UnsupportedMediaTypeException';

/**
 * The statuses of the Amazon Connect service model (the `httpError` trait of each
 * exception, as shipped in @aws-sdk/client-connect, from which the API reference's
 * "HTTP Status Code" lines are generated). ServiceQuotaExceededException is 402 there,
 * not 429: "ServiceQuotaExceededException ... HTTP Status Code: 402".
 */
export const API_ERROR_STATUS: Readonly<Record<ApiErrorName, number>> = {
  InvalidRequestException: 400,
  InvalidParameterException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ResourceConflictException: 409,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  InternalServiceException: 500,
  // Not in Connect's model: the local server's answer to a body that is not JSON
  // (functions/local-request-guard.ts), the status HTTP gives a refused Content-Type.
  UnsupportedMediaTypeException: 415,
};

export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    readonly errorType: ApiErrorName,
    message: string,
  ) {
    super(message);
    this.name = errorType;
    this.statusCode = API_ERROR_STATUS[errorType];
  }
}

export class InvalidRequestException extends ApiError {
  /** One line per problem (`Actions[2].TaskAction.Name: length 600 exceeds 512`). */
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super('InvalidRequestException', list.join('\n'));
    this.problems = list;
  }
}

export class InvalidParameterException extends ApiError {
  constructor(message: string) {
    super('InvalidParameterException', message);
  }
}

export class ResourceNotFoundException extends ApiError {
  constructor(message: string) {
    super('ResourceNotFoundException', message);
  }
}

export class ResourceConflictException extends ApiError {
  constructor(message: string) {
    super('ResourceConflictException', message);
  }
}

export class ServiceQuotaExceededException extends ApiError {
  constructor(message: string) {
    super('ServiceQuotaExceededException', message);
  }
}

export class ThrottlingException extends ApiError {
  constructor(message: string) {
    super('ThrottlingException', message);
  }
}

/** What an InternalServiceException says by default (Connect's words): the cause is logged, never sent. */
export const INTERNAL_ERROR_MESSAGE = 'The service encountered an internal error.';

export class InternalServiceException extends ApiError {
  constructor(
    message = INTERNAL_ERROR_MESSAGE,
    /** The unexpected error behind it (logged, never sent to the caller). */
    override readonly cause?: unknown,
  ) {
    super('InternalServiceException', message);
  }
}

export class AccessDeniedException extends ApiError {
  constructor(message: string) {
    super('AccessDeniedException', message);
  }
}

export class UnsupportedMediaTypeException extends ApiError {
  constructor(message: string) {
    super('UnsupportedMediaTypeException', message);
  }
}

export class UnknownOperationException extends ApiError {
  constructor(message: string) {
    super('UnknownOperationException', message);
  }
}
