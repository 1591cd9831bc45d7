import { statfsSync } from 'node:fs';

/** Below this much free space on DATA_DIR's disk, health reports the storage as full. */
const MIN_FREE_BYTES = 16 * 1024 * 1024;

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** Present when degraded: what is wrong, as error codes (`storage_full`). */
  problems?: string[];
}

/**
 * What /api/health reports. Storage counts as full from a write refused with SQLITE_FULL until a
 * later write succeeds, or while the disk has less than MIN_FREE_BYTES free. Degraded answers
 * stay 200: reads still work, and a restart would not free the disk.
 */
export function createHealth(dataDir: string) {
  let storageFull = false;

  function diskLow(): boolean {
    try {
      const fs = statfsSync(dataDir);
      return fs.bavail * fs.bsize < MIN_FREE_BYTES;
    } catch {
      return false;
    }
  }

  return {
    storageFull(): void {
      storageFull = true;
    },
    writeSucceeded(): void {
      storageFull = false;
    },
    report(): HealthReport {
      return storageFull || diskLow() ? { status: 'degraded', problems: ['storage_full'] } : { status: 'ok' };
    },
  };
}
