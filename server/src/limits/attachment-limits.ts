import type { AttachmentConfig } from '../config';
import type { AttachmentsRepo } from '../db/attachments';
import { AppError, retryLater } from '../errors';
import type { SharedStore } from '../middleware';
import { counter, tryConsume } from './row-budget';

const MIB = 1024 * 1024;
const mib = (bytes: number) => `${Math.round((bytes / MIB) * 10) / 10} MiB`;

/**
 * Attachments are budgeted by bytes (issue 9): what a user uploads per window (counted in this
 * process, or in Redis for every instance, like the row budget), and what their uploads hold
 * (the storage quota, counted in the database). A refused upload stores nothing.
 */
export function createAttachmentLimits(config: AttachmentConfig, attachments: AttachmentsRepo, shared?: SharedStore) {
  const uploaded = counter(shared, 'upload-bytes', config.uploadBytes, Math.ceil(config.windowMs / 1000));
  return {
    /** Charges `bytes` received to the user, or throws 429 `rate_limited` with Retry-After and charges nothing. */
    async chargeUpload(userId: string, bytes: number): Promise<void> {
      if (bytes <= 0) return;
      const wait = await tryConsume(uploaded, userId, bytes);
      if (wait === null) return;
      throw retryLater('rate_limited', `Too many bytes uploaded; retry in ${Math.ceil(wait / 1000)} s`, wait / 1000);
    },
    /** Throws 403 `quota_exceeded` unless the user's uploads can hold `bytes` more. */
    async requireStorage(userId: string, bytes: number): Promise<void> {
      const used = await attachments.bytesBy(userId);
      if (used + bytes > config.quotaBytes) {
        throw new AppError(
          'quota_exceeded',
          `This account's attachments would pass its storage limit of ${mib(config.quotaBytes)} (${mib(used)} used); nothing was stored`,
        );
      }
    },
  };
}
export type AttachmentLimits = ReturnType<typeof createAttachmentLimits>;
