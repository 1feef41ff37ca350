package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchRetransformTest {
  private static List<Integer> classes(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** An operation that fails when the batch holds a bad item, and records every batch it was given. */
  private static BatchRetransform.Operation<Integer> failingOn(Set<Integer> bad, List<List<Integer>> calls) {
    return batch -> {
      calls.add(List.copyOf(batch));
      for (Integer i : batch) {
        if (bad.contains(i)) {
          throw new VerifyError("class " + i);
        }
      }
    };
  }

  @Test
  void aBatchWithoutFailuresIsOneOperation() {
    List<List<Integer>> calls = new ArrayList<>();
    Map<Integer, Throwable> failed = new LinkedHashMap<>();
    assertEquals(1, BatchRetransform.apply(classes(250), failingOn(Set.of(), calls), failed::put));
    assertEquals(List.of(classes(250)), calls);
    assertTrue(failed.isEmpty());
  }

  @Test
  void oneFailingClassIsIsolatedInLogarithmicallyManyOperationsAndTheOthersAreAllApplied() {
    List<List<Integer>> calls = new ArrayList<>();
    Map<Integer, Throwable> failed = new LinkedHashMap<>();
    int ops = BatchRetransform.apply(classes(250), failingOn(Set.of(137), calls), failed::put);
    assertEquals(Set.of(137), failed.keySet());
    assertTrue(failed.get(137) instanceof VerifyError);
    assertTrue(ops <= 1 + 2 * 8, "250 classes, one failure: at most 1 + 2*ceil(log2 250) operations, not " + ops);
    // every other class was in a batch that succeeded
    List<Integer> applied = new ArrayList<>();
    for (List<Integer> c : calls) {
      if (!c.contains(137)) {
        applied.addAll(c);
      }
    }
    assertEquals(249, applied.size());
    assertTrue(!applied.contains(137) && applied.containsAll(classes(250).stream().filter(i -> i != 137).toList()));
  }

  @Test
  void everyFailingClassIsReportedOnce() {
    Map<Integer, Throwable> failed = new LinkedHashMap<>();
    BatchRetransform.apply(classes(9), failingOn(Set.of(0, 4, 8), new ArrayList<>()), failed::put);
    assertEquals(List.of(0, 4, 8), List.copyOf(failed.keySet()));
    assertEquals(0, BatchRetransform.apply(List.of(), failingOn(Set.of(), new ArrayList<>()), failed::put));
  }
}
