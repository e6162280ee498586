// The snapshot every scrape shares: taken at most once per --min-interval, and a scrape that
// arrives while one is being taken waits for that one instead of starting another. The text of
// each format is rendered once per snapshot.
import type { ProcfsContext } from '../../core/procfs.js';
import type { ExporterOptions } from './command.js';
import { collectHost, groupFamilies, scanGroups } from './collect.js';
import { renderOpenMetrics, renderText, sortFamilies, type Family } from './render.js';

export class Snapshot {
  private text: Buffer | null = null;
  private openMetrics: Buffer | null = null;

  constructor(
    readonly families: readonly Family[],
    /** performance.now() when the reads began. */
    readonly takenAt: number,
  ) {}

  /** The exposition's bytes, made once per format: every scrape of this snapshot sends the same buffer. */
  render(openMetrics: boolean): Buffer {
    if (openMetrics) return (this.openMetrics ??= Buffer.from(renderOpenMetrics(this.families)));
    return (this.text ??= Buffer.from(renderText(this.families)));
  }
}

export async function takeSnapshot(ctx: ProcfsContext, options: ExporterOptions): Promise<Snapshot> {
  const takenAt = performance.now();
  const [host, groups] = await Promise.all([collectHost(ctx), options.processes ? scanGroups(ctx, options) : null]);
  const families = groups ? [...host, ...groupFamilies(groups, options.top)] : host;
  return new Snapshot(sortFamilies(families), takenAt);
}

export class SnapshotCache {
  private current: Promise<Snapshot> | null = null;
  private startedAt = -Infinity;

  constructor(
    private readonly ctx: ProcfsContext,
    private readonly options: ExporterOptions,
  ) {}

  /** The last snapshot if it began less than min-interval ago (or is still being taken), else a new one. */
  get(): Promise<Snapshot> {
    const now = performance.now();
    if (this.current && now - this.startedAt < this.options.minIntervalMs) return this.current;
    this.startedAt = now;
    const next = takeSnapshot(this.ctx, this.options);
    this.current = next;
    // A failed snapshot is not kept: the next scrape tries again.
    next.catch(() => {
      if (this.current === next) this.current = null;
    });
    return next;
  }
}
