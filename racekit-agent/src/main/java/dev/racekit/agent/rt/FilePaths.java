package dev.racekit.agent.rt;

/**
 * The sync objects of files: one per path string, by its hash, after the connections' and ports' objects ({@link
 * Connections}) and below the blocks' addresses ({@link Blocks#BASE}), one word per hash value (2^35 bytes). A file
 * opened by two different paths (relative and absolute, a link) gets two objects; two paths of one hash share one.
 * Only the paths a program read or wrote get an object in the detector.
 */
final class FilePaths {
  static final long BASE = Connections.BASE + (1L << 36);

  private FilePaths() {}

  /** The sync object of the file opened as {@code path}, or 0 for a stream opened on a descriptor (no path). */
  static long sync(String path) {
    return path == null ? 0 : BASE + ((path.hashCode() & 0xFFFF_FFFFL) << 3);
  }
}
