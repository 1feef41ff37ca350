package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.RaceReport;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real web server under the agent: {@code realprograms.JettyCounter}, Jetty 12 answering 800 requests from four
 * client threads, each on a connection of its own, its handler counting them in a {@code ConcurrentHashMap} of
 * {@code LongAdder}s. Jetty's selector, thread pool, connection life cycle and the JDK's collections under them run
 * instrumented. On every backend: every request is answered and counted; and the only race reported, if any, is
 * Jetty's own {@code AbstractConnector._shutdown}, a plain field that stopping the connector writes (on the thread
 * that stops the server) and that every closed connection reads (on a pool thread) with no lock or volatile between
 * them: real by the Java Memory Model, and reported in most runs made while writing this test (in the others,
 * synchronization both threads went through happened to order the two accesses: no race in that run; the module
 * README, "A real program: Jetty"). The exit status and the summary are checked by {@link ProgramUnderAgent}.
 */
class JettyServerIT {
  private static final String EXPECTED = "JettyCounter ok=800 counted=800 paths=8";
  private static final String SHUTDOWN = "field org.eclipse.jetty.server.AbstractConnector._shutdown";

  @Test
  void jettyAnswersEveryRequestAndOnlyItsShutdownFieldIsReported() {
    List<ProgramUnderAgent.Run> runs = ProgramUnderAgent.onEachBackend("realprograms.JettyCounter", List.of(),
        org.eclipse.jetty.server.Server.class, org.eclipse.jetty.http.HttpField.class,
        org.eclipse.jetty.io.EndPoint.class, org.eclipse.jetty.util.Callback.class, org.slf4j.LoggerFactory.class,
        org.slf4j.nop.NOPServiceProvider.class);
    Assumptions.assumeTrue(!runs.isEmpty(), "no backend can run on this JVM");
    for (ProgramUnderAgent.Run run : runs) {
      assertTrue(run.outcome().stdout().contains(EXPECTED), run.describe());
      for (RaceReport r : run.reports()) {
        assertEquals(SHUTDOWN, r.location(),
            run.backend() + ": a race other than Jetty's shutdown field:\n" + r.text());
        assertTrue(ProgramUnderAgent.hasFrame(r.current(), "org.eclipse.jetty.server.AbstractConnector.doStop")
            || ProgramUnderAgent.hasFrame(r.current(), "org.eclipse.jetty.server.AbstractConnector.onEndPointClosed"),
            r.text());
      }
      System.out.println("JettyServerIT " + run.backend() + ": " + run.reports().size() + " report(s), exit "
          + run.outcome().exitCode() + ", " + run.outcome().millis() + " ms");
    }
  }
}
