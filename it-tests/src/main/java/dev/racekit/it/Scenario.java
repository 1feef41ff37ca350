package dev.racekit.it;

import dev.racekit.Frame;
import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.Symbolizer;
import dev.racekit.core.RaceKit;
import java.util.List;
import java.util.Map;

/**
 * The small program the container tests run in each image with each JDK (compiled for Java 17, so it runs on both):
 * one deterministic scenario through whichever backend {@code racekit.backend} names, or the one automatic
 * selection picks.
 *
 * <pre>
 * java -cp ... [-Dracekit.backend=java|jni|thunk] [-Dracekit.options=...] dev.racekit.it.Scenario racy|safe
 * </pre>
 *
 * <p>stdout: first a header that says where it ran ({@link #HEADER_PREFIX}, filled from the system properties
 * {@code racekit.it.image}, {@code racekit.it.os} and {@code racekit.it.glibc} that the test's container command
 * sets, plus {@code java.version} and the backend in use), then the reports ({@code log_path=stdout} unless
 * {@code racekit.options} says otherwise), the detector's closing summary, and {@code racekit-it done: races=N}.
 *
 * <ul>
 *   <li>{@code racy}: the race of DESIGN.md, event by event: two short-lived threads, then thread 3 created at
 *       {@code Main.java:8}; main reads the word in {@code Store.get} called from {@code Main.java:10}; thread 3 (fed
 *       from a second Java thread) writes it twice from {@code Store.put} called from {@code Worker.run}. One race,
 *       reported once (the second write has the same pair of pcs).
 *   <li>{@code safe}: the same events, but main releases a lock after its read and thread 3 acquires it before its
 *       writes: no race.
 * </ul>
 *
 * <p>Exit status: 0 after a normal run (races or not), the detector's {@code exitcode} (66) when
 * {@code halt_on_error=1} stops it at the first report, {@value #EXIT_OPEN_FAILED} when the detector cannot be
 * opened (the cause on stderr), {@value #EXIT_USAGE} for bad arguments.
 */
public final class Scenario {
  /** How stdout's first line starts. */
  public static final String HEADER_PREFIX = "racekit-it ";
  /** How the last line starts after a run that was not halted. */
  public static final String DONE_PREFIX = "racekit-it done: races=";
  /** Exit status when {@code RaceKit.open()} fails (for example the requested backend cannot run here). */
  public static final int EXIT_OPEN_FAILED = 3;
  /** Exit status for bad arguments. */
  public static final int EXIT_USAGE = 64;

  static final long STORE_PUT = 0xA001;
  static final long WORKER_RUN = 0xA002;
  static final long STORE_GET = 0xA003;
  static final long MAIN_10 = 0xA004;
  static final long MAIN_8 = 0xA005;
  static final long POOL_START = 0xA006;

  static final long HEAP = 0xc0000000L;
  static final long WORD = 0xc0001010L;
  static final long LOCK = 0xc0002000L;

  private static final Map<Long, Frame> FRAMES = Map.of(
      STORE_PUT, new Frame("com.example.Store.put", "Store.java", 14, 0x2a),
      WORKER_RUN, new Frame("com.example.Worker.run", "Worker.java", 23, 0x11),
      STORE_GET, new Frame("com.example.Store.get", "Store.java", 9, 0x3),
      MAIN_10, new Frame("com.example.Main.main", "Main.java", 10, 0x5),
      MAIN_8, new Frame("com.example.Main.main", "Main.java", 8, 0x7),
      POOL_START, new Frame("com.example.Pool.start", "Pool.java", 31, 0x19));

  /** The fixed test symbolizer: the pcs above, anything else unknown. */
  static final Symbolizer SYMBOLS = pc -> {
    Frame f = FRAMES.get(pc);
    return f == null ? List.of() : List.of(f);
  };

  private Scenario() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1 || !(args[0].equals("racy") || args[0].equals("safe"))) {
      System.err.println("usage: java [-Dracekit.backend=java|jni|thunk] [-Dracekit.options=...] "
          + Scenario.class.getName() + " racy|safe");
      System.exit(EXIT_USAGE);
    }
    boolean racy = args[0].equals("racy");
    // Reports go to stdout unless racekit.options says otherwise (later pairs win).
    RaceOptions options = RaceOptions.parse("log_path=stdout " + System.getProperty(RaceKit.OPTIONS_PROPERTY, ""));
    RaceDetector detector;
    try {
      detector = RaceKit.builder().options(options).symbolizer(SYMBOLS).open();
    } catch (IllegalStateException e) {
      String requested = System.getProperty(RaceKit.BACKEND_PROPERTY);
      System.out.println(header((requested == null ? "auto" : requested) + " (failed to open)"));
      System.out.flush();
      System.err.println("racekit-it: cannot open the detector: " + e.getMessage());
      System.exit(EXIT_OPEN_FAILED);
      return;
    }
    System.out.println(header(detector.backendName()));
    System.out.flush();
    long races = play(detector, racy);
    System.out.println(DONE_PREFIX + races);
    System.out.flush();
  }

  /** The first line of stdout: where this ran. */
  static String header(String backend) {
    return HEADER_PREFIX + "image=" + System.getProperty("racekit.it.image", "?")
        + " os=\"" + System.getProperty("racekit.it.os", System.getProperty("os.name")) + "\""
        + " glibc=" + System.getProperty("racekit.it.glibc", "?")
        + " jdk=" + System.getProperty("java.version")
        + " backend=" + backend;
  }

  /** Plays the scenario, closes the detector and returns how many races it reported. */
  static long play(RaceDetector detector, boolean racy) throws InterruptedException {
    RaceThread main = detector.mainThread();
    detector.mapShadow(HEAP, 1 << 16);
    // Two short-lived threads first, so the racing one is thread 3 as in DESIGN.md's example.
    for (int i = 0; i < 2; i++) {
      RaceThread t = detector.startThread(main, POOL_START);
      t.write(HEAP + 8L * i, 8, POOL_START);
      t.end();
      main.join(t);
    }
    RaceThread t3 = detector.startThread(main, MAIN_8);
    main.funcEnter(MAIN_10);
    main.read(WORD, 8, STORE_GET);
    if (!racy) {
      main.release(LOCK);
    }
    // Thread 3's events come from a second Java thread (native backends get called from two OS threads); Java's
    // start/join order the two feeds, the detector is told about the order only in the safe scenario.
    Thread worker = new Thread(() -> {
      if (!racy) {
        t3.acquire(LOCK);
      }
      t3.funcEnter(WORKER_RUN);
      t3.write(WORD, 8, STORE_PUT);
      t3.write(WORD, 8, STORE_PUT); // the same pair of pcs again: not reported twice
      t3.funcExit();
      t3.end();
    }, "racekit-it-worker");
    worker.start();
    worker.join();
    main.join(t3);
    main.funcExit();
    detector.close();
    return detector.reportCount();
  }
}
