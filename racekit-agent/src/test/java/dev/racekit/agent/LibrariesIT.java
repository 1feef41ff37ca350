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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Widely used libraries under the agent, each from a small program of {@code realprograms}: Logback and Log4j 2
 * logging from four threads, Project Reactor's and RxJava's schedulers, a Netty echo server with its clients, a Spring
 * application context serving singleton and prototype beans to a pool, Guava's event bus and listenable futures,
 * Apache Commons Pool, Gson shared by a pool, and Apache Pekko's typed actors. On every backend each program prints its right result, and
 * every report (there may be none) is a race of the library's own: made in its code, the other access too (or its
 * stack was no longer in the history), on its data. So nothing the JDK's concurrency or the agent's model of it
 * orders is reported. The races seen while writing this test are in the module README ("Libraries").
 */
class LibrariesIT {
  /** A program, the line it must print, the package prefix of the library's code and data, its jars' classes. */
  record Program(String main, String expected, String library, List<Class<?>> jars) {
    @Override
    public String toString() {
      return main;
    }
  }

  static List<Program> programs() {
    return List.of(
        new Program("realprograms.LogbackLogging", "LogbackLogging logged=400", "ch.qos.logback.",
            List.of(org.slf4j.LoggerFactory.class)),
        new Program("realprograms.Log4jLogging", "Log4jLogging logged=400", "org.apache.logging.log4j.",
            List.of(org.apache.logging.log4j.LogManager.class, org.apache.logging.log4j.core.Logger.class)),
        new Program("realprograms.ReactorPipelines", "ReactorPipelines sum=399980000 shifted=12502500", "reactor.",
            List.of(reactor.core.publisher.Flux.class, org.reactivestreams.Publisher.class)),
        new Program("realprograms.RxJavaPipelines", "RxJavaPipelines sum=399980000 shifted=12502500",
            "io.reactivex.rxjava3.", List.of(io.reactivex.rxjava3.core.Flowable.class,
                org.reactivestreams.Publisher.class)),
        new Program("realprograms.NettyEcho", "NettyEcho echoed=25600", "io.netty.",
            List.of(io.netty.channel.Channel.class, io.netty.buffer.ByteBuf.class,
                io.netty.util.concurrent.EventExecutor.class, io.netty.resolver.AddressResolver.class)),
        new Program("realprograms.SpringBeans", "SpringBeans keys=50 built=2000", "org.springframework.",
            List.of(org.springframework.context.annotation.AnnotationConfigApplicationContext.class,
                org.springframework.beans.factory.BeanFactory.class, org.springframework.core.SpringVersion.class,
                org.springframework.aop.Advisor.class, org.springframework.expression.ExpressionParser.class,
                io.micrometer.observation.ObservationRegistry.class, io.micrometer.common.KeyValue.class,
                org.apache.commons.logging.LogFactory.class)),
        new Program("realprograms.GuavaConcurrency", "GuavaConcurrency elements=2000 sum=499000 threes=284",
            "com.google.common.", List.of(com.google.common.eventbus.EventBus.class,
                com.google.common.util.concurrent.internal.InternalFutureFailureAccess.class)),
        new Program("realprograms.CommonsPool", "CommonsPool uses=1200 borrowed=1200", "org.apache.commons.pool2.",
            List.of(org.apache.commons.pool2.ObjectPool.class)),
        new Program("realprograms.GsonJson", "GsonJson total=179400", "com.google.gson.",
            List.of(com.google.gson.Gson.class)),
        new Program("realprograms.PekkoActors", "PekkoActors sum=1998000", "org.apache.pekko.",
            List.of(org.apache.pekko.actor.typed.ActorSystem.class, org.apache.pekko.actor.ActorSystem.class,
                org.apache.pekko.event.slf4j.Slf4jLogger.class, scala.Option.class,
                com.typesafe.config.Config.class, org.slf4j.LoggerFactory.class)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void runsRightAndEveryReportIsTheLibrarysOwnRace(Program program) {
    List<String> extra = program.library().equals("ch.qos.logback.") ? logbackJars() : List.of();
    List<ProgramUnderAgent.Run> runs = ProgramUnderAgent.onEachBackend(program.main(), List.of(), extra,
        program.jars().toArray(new Class<?>[0]));
    Assumptions.assumeTrue(!runs.isEmpty(), "no backend can run on this JVM");
    String library = program.library();
    Pattern data = Pattern.compile("(static field |field |array element \\[\\d+] of )" + Pattern.quote(library) + ".*");
    for (ProgramUnderAgent.Run run : runs) {
      assertTrue(run.outcome().stdout().contains(program.expected()), run.describe());
      for (RaceReport r : run.reports()) {
        ProgramUnderAgent.assertLibrarysOwnRace(run, r, program.main(), library, data);
      }
      System.out.println("LibrariesIT " + program.main() + " " + run.backend() + ": " + run.reports().size()
          + " report(s) " + run.reports().stream().map(RaceReport::location).distinct().toList() + ", exit "
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
