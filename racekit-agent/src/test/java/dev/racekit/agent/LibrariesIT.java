package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.RaceReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Widely used libraries under the agent, each from a small program of {@code realprograms}: Logback and Log4j 2
 * logging from four threads, Project Reactor's and RxJava's schedulers, and a Netty echo server with its clients. On
 * every backend each program prints its right result, and every report (there may be none) is a race of the
 * library's own: made in its code, the other access too (or its stack was no longer in the history), on its data.
 * So nothing the JDK's concurrency or the agent's model of it orders is reported. The races found while writing this
 * test are in the module README ("Libraries").
 */
class LibrariesIT {
  static List<Arguments> programs() {
    return List.of(
        Arguments.of("realprograms.LogbackLogging", "LogbackLogging logged=400", "ch.qos.logback."),
        Arguments.of("realprograms.Log4jLogging", "Log4jLogging logged=400", "org.apache.logging.log4j."),
        Arguments.of("realprograms.ReactorPipelines", "ReactorPipelines sum=399980000 shifted=12502500", "reactor."),
        Arguments.of("realprograms.RxJavaPipelines", "RxJavaPipelines sum=399980000 shifted=12502500",
            "io.reactivex.rxjava3."),
        Arguments.of("realprograms.NettyEcho", "NettyEcho echoed=25600", "io.netty."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void runsRightAndEveryReportIsTheLibrarysOwnRace(String main, String expected, String library) {
    List<ProgramUnderAgent.Run> runs = ProgramUnderAgent.onEachBackend(main, List.of(), logbackJars(),
        org.slf4j.LoggerFactory.class, org.apache.logging.log4j.LogManager.class,
        org.apache.logging.log4j.core.Logger.class, reactor.core.publisher.Flux.class,
        org.reactivestreams.Publisher.class, io.reactivex.rxjava3.core.Flowable.class,
        io.netty.channel.Channel.class, io.netty.buffer.ByteBuf.class, io.netty.util.concurrent.EventExecutor.class,
        io.netty.resolver.AddressResolver.class);
    Assumptions.assumeTrue(!runs.isEmpty(), "no backend can run on this JVM");
    Pattern data = Pattern.compile("(static field |field |array element \\[\\d+] of )" + Pattern.quote(library) + ".*");
    for (ProgramUnderAgent.Run run : runs) {
      assertTrue(run.outcome().stdout().contains(expected), run.describe());
      for (RaceReport r : run.reports()) {
        String what = run.backend() + ": " + r.text();
        assertTrue(ProgramUnderAgent.hasFrameIn(r.current(), library), "a race the library did not make, on " + what);
        assertTrue(ProgramUnderAgent.hasFrameIn(r.previous(), library) || r.previous().isEmpty(),
            "a race whose other access the library did not make, on " + what);
        assertTrue(data.matcher(r.location()).matches(), "a race outside the library's data, on " + what);
      }
      System.out.println("LibrariesIT " + main + " " + run.backend() + ": " + run.reports().size() + " report(s) "
          + run.reports().stream().map(RaceReport::location).distinct().toList() + ", exit "
          + run.outcome().exitCode() + ", " + run.outcome().millis() + " ms");
    }
  }

  /** Logback's jars, kept off the test class path (it would be a second SLF4J provider there). */
  private static List<String> logbackJars() {
    String jars = System.getProperty("racekit.logback.jars", "");
    List<String> paths = Arrays.stream(jars.split(Pattern.quote(File.pathSeparator))).filter(p -> !p.isBlank())
        .toList();
    assertTrue(paths.size() == 2 && paths.stream().allMatch(p -> Files.isRegularFile(Path.of(p))),
        "racekit.logback.jars must name logback-classic's and logback-core's jars, not '" + jars + "'");
    return paths;
  }
}
