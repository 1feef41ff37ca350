package dev.racekit.agent.instrument;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The transform cache on disk: one file per JDK and class filter, replaced whole (write, then rename) by a run that
 * added rewrites. Header: magic, format version, the fingerprint of what produced the rewrites (agent jar, JDK,
 * filter), the body's length and CRC-32. A file that is missing, from another agent build, truncated or corrupt is
 * ignored (and replaced at the next save); a cache that cannot be written is skipped. Neither stops the program.
 */
public final class TransformCacheFile {
  private static final int MAGIC = 0x524B5443; // "RKTC"
  private static final int VERSION = 2;
  /** The body is capped: the records of this run first, then older ones while they fit. */
  static final long MAX_BODY = 64L << 20;

  private final Path file;
  private final String fingerprint;
  private String problem;

  public TransformCacheFile(Path file, String fingerprint) {
    this.file = file;
    this.fingerprint = fingerprint;
  }

  public Path path() {
    return file;
  }

  /** Why the last load or save did not use the file, or null. */
  public String problem() {
    return problem;
  }

  /** The cache as the file holds it; empty when it holds nothing usable (see {@link #problem()}). */
  public TransformCache load() {
    TransformCache cache = TransformCache.empty();
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return cache;
    } catch (IOException | RuntimeException e) {
      problem = "cannot read " + file + " (" + e + ")";
      return cache;
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        problem = file + " is not a cache file of this version";
        return cache;
      }
      if (!in.readUTF().equals(fingerprint)) {
        return cache; // written by another agent build: replaced at the next save
      }
      long length = in.readLong();
      int crc = in.readInt();
      int body = data.length - in.available();
      if (length != data.length - body || crc != crc(data, body, data.length - body)) {
        problem = file + " is truncated or corrupt";
        return cache;
      }
      cache.load(data, body);
    } catch (IOException | IllegalArgumentException e) {
      problem = file + " is corrupt (" + e.getMessage() + ")";
      return TransformCache.empty();
    }
    return cache;
  }

  /** Writes the cache when this run added rewrites; false (with {@link #problem()}) when it could not. */
  public boolean save(TransformCache cache) {
    List<TransformCache.Record> records = cache.toSave();
    if (records == null) {
      return true;
    }
    long length = 0;
    CRC32 crc = new CRC32();
    int n = 0;
    for (TransformCache.Record r : records) {
      int len = r.end() - r.start();
      if (length + len > MAX_BODY) {
        break;
      }
      crc.update(r.data(), r.start(), len);
      length += len;
      n++;
    }
    Path tmp = null;
    try {
      Path dir = file.toAbsolutePath().getParent();
      createPrivateDirectories(dir);
      // A name of this process's own, not createTempFile: that loads SecureRandom and the security providers at exit.
      tmp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      try (OutputStream os = Files.newOutputStream(tmp);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(fingerprint);
        out.writeLong(length);
        out.writeInt((int) crc.getValue());
        for (int i = 0; i < n; i++) {
          TransformCache.Record r = records.get(i);
          out.write(r.data(), r.start(), r.end() - r.start());
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException | RuntimeException e) {
      problem = "cannot write " + file + " (" + e + ")";
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // nothing more to do: a stray temporary file
        }
      }
      return false;
    }
  }

  /** The cache holds code the JVM runs: its directory is the user's own (rwx------) when the agent creates it. */
  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      // another JVM made it first
    }
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32 c = new CRC32();
    c.update(b, off, len);
    return (int) c.getValue();
  }
}
