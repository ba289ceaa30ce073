import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { Evaluation, EvaluationStep } from '../domain/evaluation';
import { toProtoEvaluation, toProtoStep } from '../grpc/mapping';

/**
 * An evaluation after a step or a comment, as an outbox row keyed by the official (the version
 * is the evaluation's, within its period: consumers key by official and period).
 */
export function evaluationEvents(encoder: EventEncoder) {
  return (e: Evaluation, step: EvaluationStep | null, appeal: boolean, at: Date): OutboxRecord =>
    encoder.encode({
      type: Events.EvaluationChanged,
      payload: {
        tenantId: e.tenantId,
        evaluation: toProtoEvaluation(e),
        step: step ? toProtoStep(step).stage : 0,
        appeal,
      },
      ...aboutEntity({ id: e.officialId, tenantId: e.tenantId, version: e.version }, at),
    });
}
