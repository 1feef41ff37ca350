package dev.racekit.trace;

import dev.racekit.RaceDetector;
import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import java.util.ArrayList;
import java.util.List;

/** A test detector that logs every call it receives, in order, as text; it checks only what the tests need. */
final class LoggingDetector implements RaceDetector {
  final List<String> log = new ArrayList<>();
  private final RaceOptions options;
  private long nextId;
  private final Thread main = new Thread(nextId++);
  private boolean closed;

  LoggingDetector(RaceOptions options) {
    this.options = options;
  }

  LoggingDetector() {
    this(RaceOptions.defaults());
  }

  synchronized void log(String s) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    log.add(s);
  }

  synchronized List<String> snapshot() {
    return new ArrayList<>(log);
  }

  @Override
  public String backendName() {
    return "logging";
  }

  @Override
  public RaceOptions options() {
    return options;
  }

  @Override
  public RaceThread mainThread() {
    return main;
  }

  @Override
  public synchronized RaceThread startThread(RaceThread parent, long pc) {
    Thread t = new Thread(nextId++);
    log("T" + parent.id() + " start T" + t.id + " pc=" + Long.toHexString(pc));
    return t;
  }

  @Override
  public void mapShadow(long base, long size) {
    log("mapShadow " + Long.toHexString(base) + " " + size);
  }

  @Override
  public long unmappedAccessCount() {
    return 0;
  }

  @Override
  public long reportCount() {
    return 0;
  }

  @Override
  public void addListener(RaceListener listener) {}

  @Override
  public void removeListener(RaceListener listener) {}

  @Override
  public synchronized void close() {
    closed = true;
  }

  final class Thread implements RaceThread {
    final long id;
    boolean ended;
    int depth;

    Thread(long id) {
      this.id = id;
    }

    private void ev(String s) {
      if (ended) {
        throw new IllegalStateException("thread " + id + " has ended");
      }
      log("T" + id + " " + s);
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public boolean isEnded() {
      return ended;
    }

    @Override
    public void read(long addr, long pc) {
      read(addr, 1, pc);
    }

    @Override
    public void write(long addr, long pc) {
      write(addr, 1, pc);
    }

    @Override
    public void read(long addr, int size, long pc) {
      ev("read " + Long.toHexString(addr) + "/" + size + " pc=" + Long.toHexString(pc));
    }

    @Override
    public void write(long addr, int size, long pc) {
      ev("write " + Long.toHexString(addr) + "/" + size + " pc=" + Long.toHexString(pc));
    }

    @Override
    public void atomicRead(long addr, int size, long pc) {
      ev("atomicRead " + Long.toHexString(addr) + "/" + size + " pc=" + Long.toHexString(pc));
    }

    @Override
    public void atomicWrite(long addr, int size, long pc) {
      ev("atomicWrite " + Long.toHexString(addr) + "/" + size + " pc=" + Long.toHexString(pc));
    }

    @Override
    public void readRange(long addr, long len, long pc) {
      ev("readRange " + Long.toHexString(addr) + "+" + len + " pc=" + Long.toHexString(pc));
    }

    @Override
    public void writeRange(long addr, long len, long pc) {
      ev("writeRange " + Long.toHexString(addr) + "+" + len + " pc=" + Long.toHexString(pc));
    }

    @Override
    public void funcEnter(long pc) {
      ev("enter " + Long.toHexString(pc));
      depth++;
    }

    @Override
    public void funcExit() {
      if (depth == 0) {
        throw new IllegalStateException("empty stack");
      }
      depth--;
      ev("exit");
    }

    @Override
    public void acquire(long sync) {
      ev("acquire " + Long.toHexString(sync));
    }

    @Override
    public void release(long sync) {
      ev("release " + Long.toHexString(sync));
    }

    @Override
    public void releaseMerge(long sync) {
      ev("releaseMerge " + Long.toHexString(sync));
    }

    @Override
    public void ignoreBegin() {
      ev("ignoreBegin");
    }

    @Override
    public void ignoreEnd() {
      ev("ignoreEnd");
    }

    @Override
    public void malloc(long addr, long size) {
      ev("malloc " + Long.toHexString(addr) + "+" + size);
    }

    @Override
    public void free(long addr, long size, long pc) {
      ev("free " + Long.toHexString(addr) + "+" + size + " pc=" + Long.toHexString(pc));
    }

    @Override
    public void end() {
      ev("end");
      ended = true;
    }

    @Override
    public void join(RaceThread child) {
      if (!child.isEnded()) {
        throw new IllegalStateException("not ended");
      }
      ev("join T" + child.id());
    }
  }
}
