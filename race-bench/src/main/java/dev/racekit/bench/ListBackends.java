package dev.racekit.bench;

import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import dev.racekit.spi.Availability;
import dev.racekit.spi.RaceBackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Prints, on one line of stdout, the comma-separated backends that can run here, in the table's column order
 * (java, jni, thunk, then any other): each one is found on the class path, says it is available, and passes a
 * smoke test of a few events. Why any other was left out goes to stderr. The benchmark script passes the list to
 * JMH as {@code -p backend=none,<list>}, so a backend that cannot run here is skipped instead of aborting the run.
 */
public final class ListBackends {
  private static final List<String> ORDER = List.of("java", "jni", "thunk");

  private ListBackends() {}

  public static void main(String[] args) {
    List<String> seen = new ArrayList<>();
    List<String> usable = new ArrayList<>();
    for (RaceBackendProvider p : ServiceLoader.load(RaceBackendProvider.class)) {
      seen.add(p.name());
      Availability a = p.availability();
      if (!a.available()) {
        System.err.println("race-bench: backend '" + p.name() + "' skipped: cannot run here: " + a.reason());
        continue;
      }
      try {
        smokeTest(p.name());
        usable.add(p.name());
      } catch (RuntimeException | Error e) {
        System.err.println("race-bench: backend '" + p.name() + "' skipped: its smoke test failed: " + e);
      }
    }
    for (String name : ORDER) {
      if (!seen.contains(name)) {
        System.err.println("race-bench: backend '" + name + "' skipped: not on the class path");
      }
    }
    usable.sort(Comparator.comparingInt((String n) -> ORDER.contains(n) ? ORDER.indexOf(n) : ORDER.size())
        .thenComparing(Comparator.naturalOrder()));
    System.out.println(String.join(",", usable));
  }

  private static void smokeTest(String name) {
    try (RaceDetector d = Detectors.open(name)) {
      d.mapShadow(Detectors.BASE, 1 << 16);
      RaceThread main = d.mainThread();
      RaceThread child = d.startThread(main, Detectors.PC2);
      main.funcEnter(Detectors.PC);
      main.write(Detectors.BASE + 8, 8, Detectors.PC);
      main.release(Detectors.BASE + 0x100);
      main.funcExit();
      child.acquire(Detectors.BASE + 0x100);
      child.read(Detectors.BASE + 8, 8, Detectors.PC2);
      child.read(Detectors.UNMAPPED, 8, Detectors.PC2);
      if (d.reportCount() != 0) {
        throw new IllegalStateException("an ordered write and read were reported as a race");
      }
      if (d.unmappedAccessCount() != 1) {
        throw new IllegalStateException("unmapped access count is " + d.unmappedAccessCount() + ", expected 1");
      }
    }
  }
}
