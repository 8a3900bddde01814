/**
 * What a metric rule's verdict was reached on: one entity of its end dimension (a
 * queue, an agent...) and how many snapshot rows it has. Apart from the compiler so
 * that the CLI's writers (eval, the REPL, backtest's text and HTML) label it alike
 * without loading it.
 */
export interface JudgedEntity {
  /** The end dimension (`MetricDataGrouping`): `QUEUE`, `AGENT`, `ROUTING_PROFILE`, `FLOW`. */
  readonly dimension: string;
  /** The entity's id (an ARN in the snapshot is read by the id it ends with). */
  readonly id: string;
  /** How many of the snapshot's rows are the entity's (one per channel, say). */
  readonly rows: number;
}

/** `entity QUEUE=q-1, 2 rows`: the label after a verdict. */
export const entityLabel = (entity: JudgedEntity): string => `entity ${entity.dimension}=${entity.id}, ${entity.rows} ${entity.rows === 1 ? 'row' : 'rows'}`;
