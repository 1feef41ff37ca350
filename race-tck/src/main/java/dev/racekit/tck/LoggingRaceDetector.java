package dev.racekit.tck;

import dev.racekit.RaceDetector;
import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.tck.diff.Event;
import dev.racekit.tck.diff.Event.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * A test double: a detector that detects nothing and writes down every event it receives, in order, as an
 * {@link Event} (thread handles are thread ids), for tests of what feeds a detector (trace replayers, recorders,
 * parsers). {@link #calls()} gives the events as Java code ({@code t1.write(0x1008, 8, 0x17)}).
 *
 * <p>It checks what a caller must get right on every backend, with the backends' exceptions: no event on an ended
 * thread or a closed detector, no {@code funcExit} on an empty stack, no {@code ignoreEnd} without
 * {@code ignoreBegin}, no join of a running thread or of a thread of another detector. It does not check arguments.
 * {@code read(addr, pc)} and {@code write(addr, pc)} are written down as the sized access of one byte they are, so
 * that a replay that makes the sized call logs the same.
 */
public final class LoggingRaceDetector implements RaceDetector {
  private final RaceOptions options;
  private final List<Event> events = new ArrayList<>();
  private boolean keepThreadEvents = true;
  private long threadEvents;
  private Event lastThreadEvent;
  private int nextId;
  private final LoggingThread main = new LoggingThread(nextId++);
  private boolean closed;

  /** A detector with {@code options}, which it only hands back from {@link #options()}. */
  public LoggingRaceDetector(RaceOptions options) {
    this.options = options;
  }

  /** A detector with the default options. */
  public LoggingRaceDetector() {
    this(RaceOptions.defaults());
  }

  /**
   * Whether thread events are written down (the default) or only counted ({@link #threadEventCount()},
   * {@link #lastThreadEvent()}), for tests that feed millions of them. {@code mapShadow} and {@code startThread}
   * are always written down.
   */
  public synchronized LoggingRaceDetector keepThreadEvents(boolean keep) {
    this.keepThreadEvents = keep;
    return this;
  }

  /** The events so far, in order. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The events so far as Java code, one call a string. */
  public synchronized List<String> calls() {
    return events.stream().map(Event::toString).toList();
  }

  /** How many thread events (all but {@code mapShadow} and {@code startThread}) were received. */
  public synchronized long threadEventCount() {
    return threadEvents;
  }

  /** The last thread event received, or null. */
  public synchronized Event lastThreadEvent() {
    return lastThreadEvent;
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
  public synchronized RaceThread mainThread() {
    checkOpen();
    return main;
  }

  @Override
  public synchronized RaceThread startThread(RaceThread parent, long pc) {
    LoggingThread p = own(parent);
    p.checkLive();
    LoggingThread t = new LoggingThread(nextId++);
    events.add(new Event(Op.START, p.id, pc, t.id, 0));
    return t;
  }

  @Override
  public synchronized void mapShadow(long base, long size) {
    checkOpen();
    events.add(new Event(Op.MAP_SHADOW, -1, base, size, 0));
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

  @Override
  public String toString() {
    return "LoggingRaceDetector[" + events.size() + " events]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("racekit: the detector is closed");
    }
  }

  private LoggingThread own(RaceThread t) {
    if (t instanceof LoggingThread l && l.owner() == this) {
      return l;
    }
    throw new IllegalArgumentException("racekit: thread " + t + " belongs to another detector");
  }

  private final class LoggingThread implements RaceThread {
    final int id;
    boolean ended;
    int depth;
    int ignoring;

    LoggingThread(int id) {
      this.id = id;
    }

    LoggingRaceDetector owner() {
      return LoggingRaceDetector.this;
    }

    void checkLive() {
      checkOpen();
      if (ended) {
        throw new IllegalStateException("racekit: thread " + id + " has ended");
      }
    }

    private void log(Op op, long a, long b, long c) {
      synchronized (LoggingRaceDetector.this) {
        checkLive();
        Event e = new Event(op, id, a, b, c);
        threadEvents++;
        lastThreadEvent = e;
        if (keepThreadEvents) {
          events.add(e);
        }
      }
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public boolean isEnded() {
      synchronized (LoggingRaceDetector.this) {
        return ended || closed;
      }
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
      log(Op.READ, addr, size, pc);
    }

    @Override
    public void write(long addr, int size, long pc) {
      log(Op.WRITE, addr, size, pc);
    }

    @Override
    public void atomicRead(long addr, int size, long pc) {
      log(Op.ATOMIC_READ, addr, size, pc);
    }

    @Override
    public void atomicWrite(long addr, int size, long pc) {
      log(Op.ATOMIC_WRITE, addr, size, pc);
    }

    @Override
    public void readRange(long addr, long len, long pc) {
      log(Op.READ_RANGE, addr, len, pc);
    }

    @Override
    public void writeRange(long addr, long len, long pc) {
      log(Op.WRITE_RANGE, addr, len, pc);
    }

    @Override
    public void funcEnter(long pc) {
      log(Op.FUNC_ENTER, pc, 0, 0);
      depth++;
    }

    @Override
    public void funcExit() {
      synchronized (LoggingRaceDetector.this) {
        checkLive();
        if (depth == 0) {
          throw new IllegalStateException("racekit: funcExit on thread " + id + " with an empty shadow stack");
        }
        log(Op.FUNC_EXIT, 0, 0, 0);
        depth--;
      }
    }

    @Override
    public void acquire(long sync) {
      log(Op.ACQUIRE, sync, 0, 0);
    }

    @Override
    public void release(long sync) {
      log(Op.RELEASE, sync, 0, 0);
    }

    @Override
    public void releaseMerge(long sync) {
      log(Op.RELEASE_MERGE, sync, 0, 0);
    }

    @Override
    public void ignoreBegin() {
      log(Op.IGNORE_BEGIN, 0, 0, 0);
      ignoring++;
    }

    @Override
    public void ignoreEnd() {
      synchronized (LoggingRaceDetector.this) {
        checkLive();
        if (ignoring == 0) {
          throw new IllegalStateException("racekit: ignoreEnd on thread " + id + " without ignoreBegin");
        }
        log(Op.IGNORE_END, 0, 0, 0);
        ignoring--;
      }
    }

    @Override
    public void malloc(long addr, long size) {
      log(Op.MALLOC, addr, size, 0);
    }

    @Override
    public void free(long addr, long size, long pc) {
      log(Op.FREE, addr, size, pc);
    }

    @Override
    public void end() {
      synchronized (LoggingRaceDetector.this) {
        log(Op.END, 0, 0, 0);
        ended = true;
      }
    }

    @Override
    public void join(RaceThread child) {
      synchronized (LoggingRaceDetector.this) {
        checkLive();
        LoggingThread c = own(child);
        if (c == this) {
          throw new IllegalArgumentException("racekit: thread " + id + " cannot join itself");
        }
        if (!c.ended) {
          throw new IllegalStateException("racekit: join of thread " + c.id + ", which has not ended");
        }
        log(Op.JOIN, 0, c.id, 0);
      }
    }

    @Override
    public String toString() {
      return "t" + id;
    }
  }
}
