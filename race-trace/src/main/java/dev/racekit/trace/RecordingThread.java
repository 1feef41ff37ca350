package dev.racekit.trace;

import dev.racekit.ForwardingRaceThread;
import dev.racekit.RaceThread;
import dev.racekit.spi.Checks;

/**
 * A thread of a {@link RecordingDetector}: each call is written to the trace and forwarded to the backend's thread
 * under the recorder's lock; a call the backend rejects is taken back out of the trace. Argument checks that decide
 * how an event is encoded (access sizes, ranges) run first, with the same exceptions as every backend.
 */
final class RecordingThread extends ForwardingRaceThread {
  final RecordingDetector recorder;
  /** The thread's id in the trace: 0 for main, then creation order. */
  final int id;

  RecordingThread(RecordingDetector recorder, RaceThread delegate, int id) {
    super(delegate);
    this.recorder = recorder;
    this.id = id;
  }

  /** The backend's thread; visible to the recorder, which unwraps the threads it is handed. */
  @Override
  protected RaceThread delegate() {
    return super.delegate();
  }

  @Override
  public void read(long addr, long pc) {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.READ);
      w.access(addr, pc);
      try {
        super.read(addr, pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void write(long addr, long pc) {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.WRITE);
      w.access(addr, pc);
      try {
        super.write(addr, pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void read(long addr, int size, long pc) {
    Checks.sized(addr, size);
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.READ + TraceFormat.sizeCode(size));
      w.access(addr, pc);
      try {
        super.read(addr, size, pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void write(long addr, int size, long pc) {
    Checks.sized(addr, size);
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.WRITE + TraceFormat.sizeCode(size));
      w.access(addr, pc);
      try {
        super.write(addr, size, pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void atomicRead(long addr, int size, long pc) {
    Checks.sized(addr, size);
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.ATOMIC_READ + TraceFormat.sizeCode(size));
      w.access(addr, pc);
      try {
        super.atomicRead(addr, size, pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void atomicWrite(long addr, int size, long pc) {
    Checks.sized(addr, size);
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.ATOMIC_WRITE + TraceFormat.sizeCode(size));
      w.access(addr, pc);
      try {
        super.atomicWrite(addr, size, pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void readRange(long addr, long len, long pc) {
    Checks.range(addr, len);
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.READ_RANGE);
      w.addr(addr);
      w.varint(len);
      w.pc(pc);
      try {
        super.readRange(addr, len, pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void writeRange(long addr, long len, long pc) {
    Checks.range(addr, len);
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.WRITE_RANGE);
      w.addr(addr);
      w.varint(len);
      w.pc(pc);
      try {
        super.writeRange(addr, len, pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void funcEnter(long pc) {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.FUNC_ENTER);
      w.pc(pc);
      try {
        super.funcEnter(pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void funcExit() {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.FUNC_EXIT);
      try {
        super.funcExit();
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
    }
  }

  @Override
  public void acquire(long sync) {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.ACQUIRE);
      w.sync(sync);
      try {
        super.acquire(sync);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
    }
  }

  @Override
  public void release(long sync) {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.RELEASE);
      w.sync(sync);
      try {
        super.release(sync);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
    }
  }

  @Override
  public void releaseMerge(long sync) {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.RELEASE_MERGE);
      w.sync(sync);
      try {
        super.releaseMerge(sync);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
    }
  }

  @Override
  public void ignoreBegin() {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.IGNORE_BEGIN);
      try {
        super.ignoreBegin();
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
    }
  }

  @Override
  public void ignoreEnd() {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.IGNORE_END);
      try {
        super.ignoreEnd();
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
    }
  }

  @Override
  public void malloc(long addr, long size) {
    Checks.range(addr, size);
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.MALLOC);
      w.addr(addr);
      w.varint(size);
      try {
        super.malloc(addr, size);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
    }
  }

  @Override
  public void free(long addr, long size, long pc) {
    Checks.range(addr, size);
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.FREE);
      w.addr(addr);
      w.varint(size);
      w.pc(pc);
      try {
        super.free(addr, size, pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      recorder.notePc(pc);
    }
  }

  @Override
  public void end() {
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.END_THREAD);
      try {
        super.end();
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
    }
  }

  @Override
  public void join(RaceThread child) {
    RecordingThread c = recorder.unwrap(child, "child");
    synchronized (recorder) {
      TraceWriter w = recorder.begin(id, TraceFormat.JOIN);
      w.varint(c.id);
      try {
        super.join(c.delegate());
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
    }
  }

  @Override
  public String toString() {
    return "Recording" + delegate();
  }
}
