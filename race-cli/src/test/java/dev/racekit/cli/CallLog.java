package dev.racekit.cli;

import dev.racekit.RaceDetector;
import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import java.util.ArrayList;
import java.util.List;

/** A detector that only writes down the calls it receives, with the checks a backend makes on lifecycle. */
final class CallLog implements RaceDetector {
  final List<String> calls = new ArrayList<>();
  /** When false, thread events are only counted (for big traces). */
  boolean logThreadEvents = true;
  long threadEvents;
  String lastThreadEvent;
  private long nextId;
  private final T main = new T(nextId++);

  @Override
  public String backendName() {
    return "log";
  }

  @Override
  public RaceOptions options() {
    return RaceOptions.defaults();
  }

  @Override
  public RaceThread mainThread() {
    return main;
  }

  @Override
  public RaceThread startThread(RaceThread parent, long pc) {
    T t = new T(nextId++);
    calls.add(parent.id() + " start " + t.id + " @" + pc);
    return t;
  }

  @Override
  public void mapShadow(long base, long size) {
    calls.add("map " + Long.toHexString(base) + " " + size);
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
  public void close() {}

  final class T implements RaceThread {
    final long id;
    boolean ended;
    int depth;

    T(long id) {
      this.id = id;
    }

    private void add(String s) {
      if (ended) {
        throw new IllegalStateException("racekit: thread " + id + " has ended");
      }
      threadEvents++;
      if (logThreadEvents) {
        calls.add(id + " " + s);
      } else {
        lastThreadEvent = id + " " + s;
      }
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
      add("r " + Long.toHexString(addr) + "/" + size + " @" + pc);
    }

    @Override
    public void write(long addr, int size, long pc) {
      add("w " + Long.toHexString(addr) + "/" + size + " @" + pc);
    }

    @Override
    public void atomicRead(long addr, int size, long pc) {
      add("ar " + Long.toHexString(addr) + "/" + size + " @" + pc);
    }

    @Override
    public void atomicWrite(long addr, int size, long pc) {
      add("aw " + Long.toHexString(addr) + "/" + size + " @" + pc);
    }

    @Override
    public void readRange(long addr, long len, long pc) {
      add("rr " + Long.toHexString(addr) + "+" + len + " @" + pc);
    }

    @Override
    public void writeRange(long addr, long len, long pc) {
      add("wr " + Long.toHexString(addr) + "+" + len + " @" + pc);
    }

    @Override
    public void funcEnter(long pc) {
      add("enter @" + pc);
      depth++;
    }

    @Override
    public void funcExit() {
      if (depth == 0) {
        throw new IllegalStateException("racekit: funcExit on thread " + id + " with an empty shadow stack");
      }
      add("exit");
      depth--;
    }

    @Override
    public void acquire(long sync) {
      add("acq " + Long.toHexString(sync));
    }

    @Override
    public void release(long sync) {
      add("rel " + Long.toHexString(sync));
    }

    @Override
    public void releaseMerge(long sync) {
      add("relm " + Long.toHexString(sync));
    }

    @Override
    public void ignoreBegin() {
      add("ignore");
    }

    @Override
    public void ignoreEnd() {
      add("unignore");
    }

    @Override
    public void malloc(long addr, long size) {
      add("malloc " + Long.toHexString(addr) + "+" + size);
    }

    @Override
    public void free(long addr, long size, long pc) {
      add("free " + Long.toHexString(addr) + "+" + size + " @" + pc);
    }

    @Override
    public void end() {
      add("end");
      ended = true;
    }

    @Override
    public void join(RaceThread child) {
      if (!child.isEnded()) {
        throw new IllegalStateException("racekit: join of thread " + child.id() + ", which has not ended");
      }
      add("join " + child.id());
    }
  }
}
