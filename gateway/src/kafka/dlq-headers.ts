import type { IHeaders } from 'kafkajs';

/** The DLQ contract: the original record, untouched, plus why and where it failed. */
export const DlqHeader = {
  Reason: 'cmf-dlq-reason',
  Detail: 'cmf-dlq-detail',
  SourceTopic: 'cmf-dlq-source-topic',
  SourcePartition: 'cmf-dlq-source-partition',
  SourceOffset: 'cmf-dlq-source-offset',
  FailedAt: 'cmf-dlq-failed-at',
} as const;

export function dlqHeaders(
  original: IHeaders,
  failure: { reason: string; detail: string; topic: string; partition: number; offset: string },
  now: Date = new Date(),
): IHeaders {
  return {
    ...original,
    [DlqHeader.Reason]: failure.reason,
    [DlqHeader.Detail]: failure.detail,
    [DlqHeader.SourceTopic]: failure.topic,
    [DlqHeader.SourcePartition]: String(failure.partition),
    [DlqHeader.SourceOffset]: failure.offset,
    [DlqHeader.FailedAt]: now.toISOString(),
  };
}
