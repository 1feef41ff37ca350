package dev.racekit.jni;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.core.RaceKit;

/**
 * A small program, run in a forked JVM by {@link JniLoadingTest}, that opens a detector the way a tool does
 * ({@code RaceKit.open()}, so {@code racekit.backend} and {@code racekit.native.path} apply) and prints one line per
 * fact: the backends and whether they can run, then {@code backend=<name> reports=<n>} or
 * {@code error=<exception class>: <message>}.
 */
public final class SelectionProbe {
  private SelectionProbe() {}

  public static void main(String[] args) {
    for (String line : RaceKit.describeBackends()) {
      System.out.println("describe=" + line);
    }
    try (RaceDetector d = RaceKit.open(RaceOptions.parse("log_path=stdout"))) {
      d.mapShadow(0x1000, 4096);
      RaceThread main = d.mainThread();
      RaceThread t = d.startThread(main, 0x10);
      t.write(0x1008, 8, 0x20);
      main.read(0x1008, 8, 0x30);
      System.out.println("backend=" + d.backendName() + " reports=" + d.reportCount());
    } catch (RuntimeException e) {
      System.out.println("error=" + e.getClass().getName() + ": " + e.getMessage());
    }
  }
}
