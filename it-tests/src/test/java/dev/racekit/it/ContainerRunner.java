package dev.racekit.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs {@link Scenario} once in a fresh container: one container, one JVM start, no network, local image only.
 * The project's jars come from a staging directory bind-mounted read-only, and so does the build's JDK 25.
 */
final class ContainerRunner {
  /** The script that builds the images, named in every skip message. */
  static final String IMAGES_SCRIPT = "it-tests/images/build-images.sh";
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  private final Path classes;
  private final Path lib;
  private final Path jdk25;

  /**
   * @param classes the scenario's classes (compiled for Java 17), mounted at /it/classes
   * @param lib the staged runtime jars (project modules, slf4j), mounted at /it/lib
   * @param jdk25 the build JVM's java.home, mounted at {@value Target#JDK25_MOUNT}
   */
  ContainerRunner(Path classes, Path lib, Path jdk25) {
    this.classes = classes;
    this.lib = lib;
    this.jdk25 = jdk25;
  }

  /** What one run printed and how it ended. */
  record Outcome(Target target, String label, String command, long exitCode, String stdout, String stderr,
      Duration elapsed) {

    /** stdout's first line, the scenario's header (empty when nothing was printed). */
    String header() {
      int nl = stdout.indexOf('\n');
      return nl < 0 ? stdout : stdout.substring(0, nl);
    }

    /** stdout after the header line. */
    String body() {
      int nl = stdout.indexOf('\n');
      return nl < 0 ? "" : stdout.substring(nl + 1);
    }

    /** Everything a failure message needs to say where and what. */
    String describe() {
      return target + " " + label + ": exit " + exitCode + " after " + elapsed.toMillis() + " ms\n"
          + "command: " + command + "\n"
          + "--- stdout ---\n" + stdout + (stdout.endsWith("\n") || stdout.isEmpty() ? "" : "\n")
          + "--- stderr ---\n" + stderr + (stderr.endsWith("\n") || stderr.isEmpty() ? "" : "\n")
          + "--------------";
    }
  }

  /** Whether the engine has {@code image}; never pulls. */
  static boolean imagePresent(String image) {
    DockerClient client = DockerClientFactory.instance().client();
    try {
      client.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Checks the staged inputs exist, so a missing build step fails with a message instead of a class-path error. */
  void checkStaged() {
    if (!Files.isRegularFile(classes.resolve("dev/racekit/it/Scenario.class"))) {
      throw new IllegalStateException(classes + " has no dev/racekit/it/Scenario.class; build it-tests first"
          + " (mvn package -pl it-tests)");
    }
    try (var jars = Files.list(lib)) {
      List<String> names = jars.map(p -> p.getFileName().toString()).toList();
      for (String needed : List.of("race-api-", "race-core-", "backend-pure-java-", "backend-jni-",
          "backend-thunk-amd64-", "slf4j-api-", "slf4j-simple-")) {
        if (names.stream().noneMatch(n -> n.startsWith(needed) && n.endsWith(".jar"))) {
          throw new IllegalStateException(lib + " has no " + needed + "*.jar (it has " + names + "); the package"
              + " phase of it-tests stages them (mvn package -pl it-tests, after mvn install -DskipTests)");
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot list " + lib + ": " + e + "; run mvn package -pl it-tests", e);
    }
  }

  /**
   * Runs the scenario and waits for it to exit.
   *
   * @param label what this run is, for messages ({@code jni racy halt_on_error=1})
   * @param mode {@code racy} or {@code safe}
   * @param properties system properties for the scenario's JVM, in order
   * @param noexecTmp mount a fresh tmpfs on /tmp with {@code noexec}, where the native loaders extract by default
   */
  Outcome run(Target target, String label, String mode, Map<String, String> properties, boolean noexecTmp) {
    List<String> java = new ArrayList<>();
    java.add(target.java());
    java.addAll(target.jvmOptions());
    java.add("-Dracekit.it.image=" + target.image());
    properties.forEach((k, v) -> java.add("-D" + k + "=" + v));
    java.addAll(List.of("-cp", "/it/classes:/it/lib/*", Scenario.class.getName(), mode));
    // The shell fills in what only the container knows: its OS name and glibc version.
    String command = ". /etc/os-release && glibc=\"$(getconf GNU_LIBC_VERSION)\" && exec "
        + java.getFirst() + " \"-Dracekit.it.os=$PRETTY_NAME\" \"-Dracekit.it.glibc=${glibc#glibc }\" "
        + java.stream().skip(1).map(ContainerRunner::shellQuote).collect(Collectors.joining(" "));

    UntilExited exit = new UntilExited();
    long start = System.nanoTime();
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(target.image()))) {
      c.withImagePullPolicy(image -> false) // local images only: nothing is reachable to pull from
          .withNetworkMode("none")
          .withFileSystemBind(classes.toString(), "/it/classes", BindMode.READ_ONLY)
          .withFileSystemBind(lib.toString(), "/it/lib", BindMode.READ_ONLY)
          .withStartupCheckStrategy(exit)
          .withCommand("sh", "-c", command);
      if (target.jdk() == 25) {
        c.withFileSystemBind(jdk25.toString(), Target.JDK25_MOUNT, BindMode.READ_ONLY);
      }
      if (noexecTmp) {
        c.withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,size=64m"));
      }
      c.start();
      String stdout = c.getLogs(OutputType.STDOUT);
      String stderr = c.getLogs(OutputType.STDERR);
      return new Outcome(target, label, command, exit.exitCode, stdout, stderr,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Runs {@code java <options> <main> <args>} in a fresh container with extra read-only bind mounts (host path to
   * container path), for programs other than the scenario (the agent's corpus). Same container settings as
   * {@link #run}; the JDK 25 is mounted when the target needs it.
   */
  Outcome runJava(Target target, String label, List<String> options, Map<Path, String> mounts) {
    List<String> java = new ArrayList<>();
    java.add(target.java());
    java.addAll(target.jvmOptions());
    java.addAll(options);
    String command = "exec " + java.stream().map(ContainerRunner::shellQuote).collect(Collectors.joining(" "));
    UntilExited exit = new UntilExited();
    long start = System.nanoTime();
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(target.image()))) {
      c.withImagePullPolicy(image -> false)
          .withNetworkMode("none")
          .withStartupCheckStrategy(exit)
          .withCommand("sh", "-c", command);
      mounts.forEach((host, inContainer) -> c.withFileSystemBind(host.toString(), inContainer, BindMode.READ_ONLY));
      if (target.jdk() == 25) {
        c.withFileSystemBind(jdk25.toString(), Target.JDK25_MOUNT, BindMode.READ_ONLY);
      }
      c.start();
      return new Outcome(target, label, command, exit.exitCode, c.getLogs(OutputType.STDOUT),
          c.getLogs(OutputType.STDERR), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** POSIX single quotes. */
  static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_./=:,+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * "Started" means "exited", whatever the status: the scenario is one short process, and its exit status is part of
   * what the tests check. Waits with the engine's wait call instead of polling the state (Testcontainers polls once a
   * second, which would add up to a second to every run).
   */
  private static final class UntilExited extends StartupCheckStrategy {
    long exitCode = -1;

    @Override
    public boolean waitUntilStartupSuccessful(DockerClient client, String containerId) {
      try {
        exitCode = client.waitContainerCmd(containerId).start()
            .awaitStatusCode(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        printThreadDump(client, containerId);
        throw e;
      }
      return true;
    }

    /**
     * A run that did not end in time: the JVM (pid 1, started with exec) is asked for a thread dump (SIGQUIT prints
     * it on its standard output), and the container's output is printed, so that a hang can be diagnosed from the
     * build log alone.
     */
    private static void printThreadDump(DockerClient client, String containerId) {
      try {
        String exec = client.execCreateCmd(containerId).withCmd("sh", "-c", "kill -QUIT 1").exec().getId();
        client.execStartCmd(exec).start().awaitCompletion(10, TimeUnit.SECONDS);
        Thread.sleep(2000);
        StringBuilder out = new StringBuilder();
        client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).exec(
            new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
              @Override
              public void onNext(com.github.dockerjava.api.model.Frame frame) {
                out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
              }
            }).awaitCompletion(10, TimeUnit.SECONDS);
        System.err.println("[racekit-it] container " + containerId + " did not exit within " + RUN_TIMEOUT
            + "; its output, with a thread dump:\n" + out);
      } catch (RuntimeException | InterruptedException e) {
        System.err.println("[racekit-it] container " + containerId + " did not exit; no thread dump (" + e + ")");
      }
    }

    @Override
    public StartupStatus checkStartupState(DockerClient client, String containerId) {
      return org.testcontainers.utility.DockerStatus.isContainerStopped(getCurrentState(client, containerId))
          ? StartupStatus.SUCCESSFUL
          : StartupStatus.NOT_YET_KNOWN;
    }
  }
}
