package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The optional thread-name and location hooks (used by the Java agent); without them output is unchanged. */
class ReportFormatterNamesTest {
  @Test
  void namesAndLocationAreAddedWhereTheHooksAnswer() {
    String text = new ReportFormatter(Reports.EXAMPLE, "/src/com/example/", id -> id == 3 ? "worker-1" : "main",
        addr -> addr == 0xc0001010L ? "field com.example.Store.value" : null).format(Reports.example());
    assertTrue(text.contains("Write at 0x00000000c0001010 by thread 3 \"worker-1\":\n"), text);
    assertTrue(text.contains("Previous read at 0x00000000c0001010 by main thread:\n"), text);
    assertTrue(text.contains("\n\nLocation is field com.example.Store.value\n\nThread 3 \"worker-1\" (running) created at:\n"),
        text);
  }

  @Test
  void hooksThatDoNotKnowChangeNothing() {
    String plain = new ReportFormatter(Reports.EXAMPLE, "/src/com/example/").format(Reports.example());
    String hooked = new ReportFormatter(Reports.EXAMPLE, "/src/com/example/", id -> null, addr -> null)
        .format(Reports.example());
    assertEquals(plain, hooked);
  }
}
