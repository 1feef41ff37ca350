package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.core.RaceKit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Placeholder, replaced by the full suite. */
public abstract class RaceConformanceSuite {
  protected abstract String backendName();

  @Test
  void smoke() {
    List<RaceReport> reports = new CopyOnWriteArrayList<>();
    try (RaceDetector d = RaceKit.builder().backend(backendName()).options(RaceOptions.parse("log_path=stdout")).open()) {
      d.addListener(reports::add);
      d.mapShadow(0x1000, 4096);
      RaceThread main = d.mainThread();
      main.funcEnter(0x100);
      RaceThread t = d.startThread(main, 0x10);
      t.funcEnter(0x200);
      t.write(0x1008, 8, 0x20);
      main.read(0x1008, 8, 0x30);
      assertEquals(1, reports.size());
      t.end();
      main.join(t);
      main.write(0x1008, 8, 0x40);
      assertEquals(1, reports.size());
    }
  }
}
