package dev.racekit.agent;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Retransforms loaded classes in as few JVM operations as possible when some of them cannot be retransformed: the
 * batch is split in halves until each failing class stands alone, so k failures among n classes cost about
 * 2k·log2(n) operations instead of n (each one a safepoint that walks every loaded class: retransforming a
 * few hundred JDK classes one by one adds about a second to start-up).
 */
final class BatchRetransform {
  /** One retransformation of the given classes, all or none; throws when one of them cannot be retransformed. */
  interface Operation<T> {
    void apply(List<T> batch) throws Throwable;
  }

  private BatchRetransform() {}

  /**
   * Applies {@code op} to {@code items}; on failure, to each half in turn, down to single items. Returns the number
   * of calls made. {@code failed} receives each item that fails alone, with its error.
   */
  static <T> int apply(List<T> items, Operation<T> op, BiConsumer<T, Throwable> failed) {
    if (items.isEmpty()) {
      return 0;
    }
    try {
      op.apply(items);
      return 1;
    } catch (Throwable t) {
      if (items.size() == 1) {
        failed.accept(items.get(0), t);
        return 1;
      }
      int mid = items.size() / 2;
      return 1 + apply(items.subList(0, mid), op, failed) + apply(items.subList(mid, items.size()), op, failed);
    }
  }
}
