/**
 * The whole pipeline: its parts (parts.ts) and the `Ingestor`, which reads every kind
 * of payload. Used by replay, `serve` and tests; a Lambda handler builds only its own
 * payloads' handlers on the parts (functions/ingest-runtime.ts).
 */
import { Ingestor } from './ingestor.ts';
import { createPipelineParts, type CreatePipelineOptions, type PipelineParts } from './parts.ts';

export type { CreatePipelineOptions, PipelineParts } from './parts.ts';

export interface Pipeline extends PipelineParts {
  readonly ingestor: Ingestor;
}

export function createPipeline(options: CreatePipelineOptions): Pipeline {
  const parts = createPipelineParts(options);
  return { ...parts, ingestor: new Ingestor(parts.ingestorDeps) };
}
