package dev.racekit.agent;

import dev.racekit.agent.instrument.TransformCache;
import dev.racekit.agent.instrument.TransformCacheFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Where the agent keeps rewritten classes between runs: one file per JDK and class filter in the cache directory
 * ({@link AgentArgs#cacheDirectory()}), valid only for the agent jar that wrote it. Any trouble with it is one line on
 * stderr, and the run goes on without it.
 */
final class AgentCache {
  private static final String PREFIX = "racekit-agent: ";

  private final TransformCacheFile file;
  private final TransformCache cache;

  private AgentCache(TransformCacheFile file, TransformCache cache) {
    this.file = file;
    this.cache = cache;
  }

  static AgentCache open(AgentArgs args, String jarPath) {
    Path dir = args.cacheDirectory();
    if (dir == null) {
      return new AgentCache(null, TransformCache.OFF);
    }
    String jdk = System.getProperty("java.home") + "|" + System.getProperty("java.runtime.version") + "|"
        + System.getProperty("java.vm.version");
    String filter = args.filterDescription();
    String name = "classes-" + Integer.toHexString((jdk + "|" + filter).hashCode()) + ".bin";
    String fingerprint;
    try {
      fingerprint = jarIdentity(Path.of(jarPath)) + "|" + jdk + "|" + filter;
    } catch (IOException | RuntimeException e) {
      System.err.println(PREFIX + "class cache off: cannot read the agent jar (" + e + ")");
      return new AgentCache(null, TransformCache.OFF);
    }
    TransformCacheFile f = new TransformCacheFile(dir.resolve(name), fingerprint);
    TransformCache c = f.load();
    if (f.problem() != null) {
      System.err.println(PREFIX + "class cache: " + f.problem() + "; starting it again");
    }
    return new AgentCache(f, c);
  }

  /** The jar's length and CRC-32: a rebuilt agent never uses another build's rewrites. */
  private static String jarIdentity(Path jar) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(jar)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    }
    return Files.size(jar) + ":" + Long.toHexString(crc.getValue());
  }

  TransformCache cache() {
    return cache;
  }

  /** At exit: keeps this run's new rewrites; with -Dracekit.agent.debug=true, says how the cache did. */
  void save() {
    if (file == null) {
      return;
    }
    if (!file.save(cache)) {
      System.err.println(PREFIX + "class cache: " + file.problem());
    }
    if (Boolean.getBoolean("racekit.agent.debug")) {
      System.err.println(PREFIX + "class cache " + file.path() + ": " + cache.hits() + " hits, " + cache.misses()
          + " misses, " + cache.added() + " added, " + cache.refused() + " not storable");
    }
  }
}
