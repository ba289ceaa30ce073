import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { TaskChange } from '../domain/task';
import { toProtoTask } from '../grpc/task-mapping';

/** Each step of a task as an outbox row: the task after it, the step and who took it, keyed by the task's id with its version. */
export function taskEvents(encoder: EventEncoder) {
  return (c: TaskChange): OutboxRecord =>
    encoder.encode({
      type: Events.TaskChanged,
      payload: { task: toProtoTask(c.after), step: c.step.step, by: c.step.by },
      ...aboutEntity(c.after, c.step.at),
    });
}
