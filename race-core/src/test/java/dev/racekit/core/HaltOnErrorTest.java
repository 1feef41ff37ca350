package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceOptions;
import dev.racekit.Symbolizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** halt_on_error=1 ends the process at the first report with exitcode, after printing it and the summary. */
class HaltOnErrorTest {
  @TempDir Path tmp;

  /** Run in a child JVM: reports two races to a hub with the options in args[0]; the first must halt. */
  public static void main(String[] args) {
    RaceOptions o = RaceOptions.parse(args[0]);
    ReportHub hub = new ReportHub(o, new ReportFormatter(Symbolizer.raw(), ""), ReportLog.open(o.logPath()));
    hub.addListener(r -> System.out.println("listener saw " + r.current().pc()));
    hub.report(Reports.race(0x20, 0x10));
    hub.report(Reports.race(0x21, 0x10));
    System.out.println("not halted");
  }

  private static Process child(String options) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        HaltOnErrorTest.class.getName(), options)).redirectErrorStream(true).start();
  }

  private static String run(Process p, int expectedExit) throws Exception {
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(expectedExit, p.exitValue(), out);
    return out;
  }

  @Test
  void firstReportHaltsWithTheExitCode() throws Exception {
    Path base = tmp.resolve("halt");
    Process p = child("halt_on_error=1 exitcode=7 log_path=" + base);
    String out = run(p, 7);
    assertTrue(out.contains("listener saw 32"), "listeners run before the halt: " + out);
    assertTrue(!out.contains("not halted") && !out.contains("listener saw 33"), out);
    Path log = Path.of(base + "." + p.pid());
    String text = Files.readString(log);
    assertTrue(text.startsWith("==================\nWARNING: DATA RACE\n"), text);
    assertTrue(text.endsWith("==================\nFound 1 data race(s)\n"), text);
  }

  @Test
  void defaultExitCodeIs66() throws Exception {
    String out = run(child("halt_on_error=1 log_path=stdout"), 66);
    assertTrue(out.contains("WARNING: DATA RACE") && out.contains("Found 1 data race(s)"), out);
  }

  @Test
  void withoutHaltOnErrorTheProcessGoesOn() throws Exception {
    String out = run(child("log_path=stdout"), 0);
    assertTrue(out.contains("listener saw 33") && out.contains("not halted"), out);
    assertEquals(2, out.split("WARNING: DATA RACE", -1).length - 1, out);
  }

}
